import Glibc

exit(App.main(Array(CommandLine.arguments.dropFirst())))
