import Foundation
import Testing
import TestSupport

/// Replies typed as trainees type them, through the real binary and the library's rulebook:
/// an input-method slip and a Cantonese refusal are understood, and the evidence says how.
@Suite struct TypingSlipCommandTests {
    let salessim = CommandRunner()

    @Test func aSlipInTheContrastStillEarnsYesButAndTheEvidenceShowsIt() throws {
        let output = try salessim.run(["check", "--scenarios", PackagePaths.scenarios.path, "--phase", "objection",
                                       "--temperament", "hesitant", "是的是的，可式我们的墨水省一半"])
        #expect(output.status == 0)
        let line = output.stdout.split(separator: "\n").first { $0.hasPrefix("objection.yes-but") }
        #expect(line?.contains("met") == true)
        #expect(line?.contains("「是的…可式≈可是」") == true)
    }

    @Test func theSameReplyWithoutTheContrastIsNotMet() throws {
        let output = try salessim.run(["check", "--scenarios", PackagePaths.scenarios.path, "--phase", "objection",
                                       "--temperament", "hesitant", "是的是的，课时我们的墨水省一半"])
        let line = output.stdout.split(separator: "\n").first { $0.hasPrefix("objection.yes-but") }
        #expect(line?.contains("met") == false)
    }

    @Test func aCantoneseRefusalHoldsThePaymentTerms() throws {
        let output = try salessim.run(["check", "--scenarios", PackagePaths.scenarios.path, "--phase", "payment", "唔可以延期，合同写好了"])
        #expect(output.status == 0)
        let line = output.stdout.split(separator: "\n").first { $0.hasPrefix("payment.say-no") }
        #expect(line?.contains("met") == true)
    }
}
