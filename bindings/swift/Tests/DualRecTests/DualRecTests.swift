import XCTest
@testable import DualRec

final class DualRecTests: XCTestCase {
    func testRecommendsTen() throws {
        let dir = ProcessInfo.processInfo.environment["DUALREC_MODEL_DIR"] ?? "../../models"
        let engine = try Engine(modelDir: dir, threads: 1)
        for (i, t) in ["Toy Story (1995)", "Aladdin (1992)", "The Lion King (1994)"].enumerated() {
            try engine.addWatch(user: 1, movieID: try XCTUnwrap(engine.find(title: t)), time: Int64(i))
        }
        let recs = try engine.recommend(user: 1, count: 10)
        XCTAssertEqual(recs.count, 10)
        XCTAssertThrowsError(try engine.addWatch(user: 1, movieID: 999_999, time: 0))
    }
}
