// Idiomatic Swift over the C API: throwing initialisers and methods,
// arrays of recommendations, deinit frees the engine.
import CDualrec

public struct DualRecError: Error, CustomStringConvertible {
    public let status: dualrec_status
    public let message: String
    public var description: String { message }

    static func check(_ status: dualrec_status) throws {
        guard status != DUALREC_STATUS_OK else { return }
        let detail = readMessage(dualrec_last_error)
        let name = String(cString: dualrec_status_str(UInt32(status.rawValue)))
        throw DualRecError(status: status, message: detail.isEmpty ? name : name + ": " + detail)
    }
}

func readMessage(_ fn: (UnsafeMutablePointer<CChar>?, Int) -> Int) -> String {
    let len = fn(nil, 0)
    var buf = [CChar](repeating: 0, count: len + 1)
    _ = fn(&buf, buf.count)
    return String(cString: buf)
}

/// What the calling thread's last successful call skipped or repaired ("" if nothing).
public func lastWarning() -> String {
    readMessage(dualrec_last_warning)
}

public struct Recommendation {
    public let movieID: UInt32
    public let score: Float
    public let sources: UInt32
}

/// Thread-safe: one Engine may be used from many threads at once.
public final class Engine {
    private let handle: OpaquePointer

    /// `stateDir`: directory for durable histories (nil: in memory only);
    /// `sync`: a DUALREC_SYNC_* policy for its journal; `queryReader`: a
    /// DUALREC_QUERY_READER_* reading for `recommend(user:request:)`.
    public init(modelDir: String, threads: UInt32 = 0, stages: UInt32 = UInt32(DUALREC_STAGE_AUTO),
                stateDir: String? = nil, sync: UInt32 = UInt32(DUALREC_SYNC_ALWAYS),
                queryReader: UInt32 = UInt32(DUALREC_QUERY_READER_EXAMPLES)) throws {
        var opts = dualrec_options()
        // The whole struct as this module's header declares it (the
        // unsized init writes only the 0.1 fields).
        try DualRecError.check(dualrec_options_init_sized(&opts, MemoryLayout<dualrec_options>.size))
        opts.n_threads = threads
        opts.stages = stages
        opts.sync = sync
        opts.query_reader = queryReader
        var engine: OpaquePointer?
        func open(_ state: UnsafePointer<CChar>?) throws {
            try modelDir.withCString { dir in
                opts.model_dir = dir
                opts.state_dir = state
                try DualRecError.check(dualrec_engine_open(&opts, &engine))
            }
        }
        if let stateDir = stateDir {
            try stateDir.withCString { try open($0) }
        } else {
            try open(nil)
        }
        handle = engine!
    }

    deinit { dualrec_engine_free(handle) }

    public func addWatch(user: UInt64, movieID: UInt32, time: Int64) throws {
        try DualRecError.check(dualrec_add_watch(handle, user, movieID, time))
    }

    /// Decodes the LLM prompt of the viewer's next recommend ahead of it
    /// (a no-op when the engine runs no LLM for them).
    public func prepare(user: UInt64) throws {
        try DualRecError.check(dualrec_prepare(handle, user))
    }

    public func recommend(user: UInt64, count: Int = 10) throws -> [Recommendation] {
        var buf = [dualrec_recommendation](repeating: dualrec_recommendation(), count: count)
        var n = 0
        try DualRecError.check(dualrec_recommend(handle, user, &buf, count, &n))
        return buf.prefix(n).map { Recommendation(movieID: $0.movie_id, score: $0.score, sources: $0.sources) }
    }

    /// Recommendations within a viewer's request ("something scary from the eighties"; `dualrec_recommend_query`).
    public func recommend(user: UInt64, request: String, count: Int = 10) throws -> [Recommendation] {
        var buf = [dualrec_recommendation](repeating: dualrec_recommendation(), count: count)
        var n = 0
        try DualRecError.check(dualrec_recommend_query(handle, user, request, &buf, count, &n))
        return buf.prefix(n).map { Recommendation(movieID: $0.movie_id, score: $0.score, sources: $0.sources) }
    }

    public func title(of movieID: UInt32) throws -> String {
        var need = 0
        let st = dualrec_movie_title(handle, movieID, nil, 0, &need)
        if st != DUALREC_STATUS_BUFFER_TOO_SMALL { try DualRecError.check(st) }
        var buf = [CChar](repeating: 0, count: need)
        try DualRecError.check(dualrec_movie_title(handle, movieID, &buf, need, nil))
        return String(cString: buf)
    }

    /// A title the models have never seen (`dualrec_add_movie`): genres `|`-separated, year 0 = unknown.
    public func addMovie(id: UInt32, title: String, year: Int32, genres: String) throws {
        try DualRecError.check(dualrec_add_movie(handle, id, title, year, genres))
    }

    /// Removes a movie from recommendations and new watches (`dualrec_remove_movie`).
    public func removeMovie(id: UInt32) throws {
        try DualRecError.check(dualrec_remove_movie(handle, id))
    }

    /// The movie whose title matches, or nil; throws when several match (add the year).
    public func find(title: String) throws -> UInt32? {
        var id: UInt32 = 0
        let st = dualrec_find_movie(handle, title, &id)
        if st == DUALREC_STATUS_NO_SUCH_TITLE { return nil }
        try DualRecError.check(st)
        return id
    }

    /// LLM layers on a GPU and the model's layer count (0 on a CPU build; both 0 when the engine runs no LLM in recommend).
    public func gpuLayers() throws -> (onGPU: UInt32, total: UInt32) {
        var onGPU: UInt32 = 0
        var total: UInt32 = 0
        try DualRecError.check(dualrec_engine_gpu_layers(handle, &onGPU, &total))
        return (onGPU, total)
    }

    public func forget(user: UInt64) throws {
        try DualRecError.check(dualrec_forget_user(handle, user))
    }

    /// Forces journaled watches to stable storage (DUALREC_SYNC_BATCHED / _NONE).
    public func sync() throws {
        try DualRecError.check(dualrec_sync(handle))
    }
}
