import Foundation
import FuzzDriver

exit(runFuzzer { bytes, count in fuzzModerationJSON(bytes, count) })
