import XCTest
@testable import DualRec

final class DualRecTests: XCTestCase {
    func testRecommendsTen() throws {
        let dir = ProcessInfo.processInfo.environment["DUALREC_MODEL_DIR"] ?? "../../models"
        let engine = try Engine(modelDir: dir, threads: 1)
        for (i, t) in ["Toy Story (1995)", "Aladdin (1992)", "The Lion King (1994)"].enumerated() {
            try engine.addWatch(user: 1, movieID: try XCTUnwrap(engine.find(title: t)), time: Int64(i))
        }
        try engine.prepare(user: 1)
        let recs = try engine.recommend(user: 1, count: 10)
        XCTAssertEqual(recs.count, 10)
        XCTAssertThrowsError(try engine.addWatch(user: 1, movieID: 999_999, time: 0))
        try engine.addMovie(id: 900_001, title: "A New Release", year: 2026, genres: "Animation|Comedy")
        XCTAssertEqual(try engine.find(title: "A New Release"), 900_001)
        try engine.addWatch(user: 1, movieID: 900_001, time: 3)
        try engine.removeMovie(id: 900_001)
        XCTAssertThrowsError(try engine.addWatch(user: 1, movieID: 900_001, time: 4))
    }
}
