import ArgumentParser
import Foundation
import Store

/// `salessim unassign`: removes an assignment, by its number or by trainee and scenario.
struct Unassign: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unassign",
        abstract: "Remove an assignment: by its number (see 'salessim assignments'), or a trainee's open one of a scenario.",
        discussion: """
        Examples:
          salessim unassign 12
          salessim unassign 王小明 first-visit-hesitant
        """
    )

    @Argument(help: ArgumentHelp("An assignment's number, or a trainee followed by a scenario id.", valueName: "id-or-trainee-scenario"))
    var reference: [String] = []

    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        switch reference.count {
        case 1 where Int64(reference[0]) != nil: break
        case 1: throw ValidationError("'\(reference[0])' is not an assignment's number; give ID, or TRAINEE SCENARIO")
        case 2: try ArgumentChecks.personName(reference[0], what: "TRAINEE")
        default: throw ValidationError("give an assignment's number, or TRAINEE SCENARIO")
        }
    }

    func run() throws {
        let store = try storeOptions.open(.updating)
        let removed: [Assignment]
        if reference.count == 1, let id = Int64(reference[0]) {
            removed = [try store.unassign(id: id)]
        } else {
            removed = try store.unassign(trainee: reference[0], scenario: reference[1])
        }
        for item in removed {
            Console.out("removed #\(item.id): \(item.trainee) \(item.scenarioID) (\(item.exam ? "exam" : "practice"))")
        }
    }
}
