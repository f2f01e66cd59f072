import Foundation
import FuzzDriver

exit(runFuzzer { bytes, count in fuzzMultipart(bytes, count) })
