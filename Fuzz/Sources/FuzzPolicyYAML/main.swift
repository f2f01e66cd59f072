import Foundation
import FuzzDriver

exit(runFuzzer { bytes, count in fuzzPolicyYAML(bytes, count) })
