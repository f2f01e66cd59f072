import Foundation
import FuzzDriver

exit(runFuzzer { bytes, count in fuzzTextNormalizer(bytes, count) })
