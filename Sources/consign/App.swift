import ConsignEngine
import ConsignSpool
import ConsignStore
import ConsignSupport
import Foundation

/// The `consign` command: global options, dispatch, error-to-exit-code mapping.
struct App {
    static let globalValued: Set<String> = ["spool", "config", "log-level"]
    static let commandValued: Set<String> = [
        "status", "order", "carrier", "page", "items-per-page", "type", "lang", "to", "retry",
    ]

    /// Runs with the arguments after the program name; returns the exit status.
    static func main(_ words: [String]) -> Int32 {
        var command = ""
        do {
            var arguments = try Arguments(words, valued: globalValued.union(commandValued))
            command = arguments.positional.first ?? ""
            guard let command = arguments.positional.first else {
                if arguments.flag("version") { print("consign 0.1.0"); return 0 }
                print(Help.general)
                return arguments.flag("help") ? 0 : 64
            }
            if arguments.flag("help") || command == "help" {
                print(Help.text(for: arguments.positional.dropFirst().first ?? command))
                return 0
            }
            let environment = try makeEnvironment(&arguments)
            var commands = Commands(environment: environment, arguments: arguments)
            return try commands.run(command)
        } catch {
            let (status, code, message) = describe(error)
            printError(message)
            if status == 64 { FileHandle.standardError.write(Data((Help.usage(for: command) + "\n").utf8)) }
            // A script asking for JSON gets the envelope on stdout for every failure, not only refusals.
            if words.contains("--json") {
                print(JSONOutput.serialize(["data": NSNull(), "errors": [
                    ["errorCode": code, "message": message, "instance": command.isEmpty ? "command" : command],
                ]]))
            }
            return status
        }
    }

    /// Exit status, error code and message for a failure that reached the command line.
    private static func describe(_ error: any Error) -> (Int32, String, String) {
        switch error {
        case let error as UsageError: (64, "usage", error.message)
        case let error as ConfigError: (78, "config-invalid", error.description)
        case let error as AddressSpaceError: (71, "address-space-limit", error.description)
        case let error as SpoolError:
            (error.isTemporary ? 75 : 74, error.isTemporary ? "temporary-failure" : "spool-error", error.message)
        case let error as StoreError:
            (error.isTemporary ? 75 : 74, error.isTemporary ? "temporary-failure" : "store-error",
             error.isTemporary ? "\(error.message); try again later" : error.description)
        case let error as EngineError:
            (error.isTemporary ? 75 : 70, error.isTemporary ? "temporary-failure" : "internal", error.description)
        default: (70, "internal", String(describing: error))
        }
    }

    private static func makeEnvironment(_ arguments: inout Arguments) throws -> Environment {
        let levelName = arguments.value("log-level") ?? "warning"
        guard let level = LogLevel(name: levelName) else {
            throw UsageError(message: "--log-level must be one of debug, info, notice, warning, error")
        }
        let logger = Logger(label: "consign", minimumLevel: level)
        var config = ConsignConfig()
        var configPath: String?
        if let path = arguments.value("config") {
            configPath = path
            guard FileManager.default.fileExists(atPath: path) else {
                throw ConfigError(path: path, message: "file not found")
            }
            config = try ConsignConfig.load(path: path)
            try config.validate(path: path)
        } else if FileManager.default.fileExists(atPath: "consign.json") {
            config = try ConsignConfig.load(path: "consign.json")
            try config.validate(path: "consign.json")
            configPath = "consign.json"
        }
        return Environment(config: config, configPath: configPath, spoolRoot: arguments.value("spool"), logger: logger)
    }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data("Error: \(message)\n".utf8))
    }
}
