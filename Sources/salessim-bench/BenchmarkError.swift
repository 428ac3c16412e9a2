/// A benchmark failure with its reason.
struct BenchmarkError: Error, CustomStringConvertible {
    var description: String
}
