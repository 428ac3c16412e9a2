import Calibration
import ScenarioKit
import Testing

@Suite struct CalibratorTests {
    @Test func placeholderReplacedBelow() {}
}
