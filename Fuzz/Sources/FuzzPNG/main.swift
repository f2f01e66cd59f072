import Foundation
import FuzzDriver

exit(runFuzzer { bytes, count in fuzzPNG(bytes, count) })
