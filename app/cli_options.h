#pragma once

#include <QCommandLineOption>
#include <QList>
#include <QString>
#include <QStringList>
#include <string>
#include <vector>

namespace digitscope::app {

// One digitscope-cli command: what it is called, its arguments and which options it takes.
struct CliCommand {
    QString name;         // "train"
    QString synopsis;     // the arguments after the name, as in the usage text
    QString summary;      // one or two sentences for `digitscope-cli <name> --help`
    QStringList options;  // the option names it accepts, besides --help and --version
    int positionals = 0;  // arguments after the command's name (convert: IN and OUT)
};

const std::vector<CliCommand>& cliCommands();
const CliCommand* findCliCommand(const QString& name);  // nullptr for an unknown name
// The first of `optionNames` that is not an option of `command` (--help and --version are every
// command's); empty when all are.
QString optionNotOf(const CliCommand& command, const QStringList& optionNames);

// Every option of every command, with its description, value name and default.
QList<QCommandLineOption> cliOptions();

// `digitscope-cli --help`: every command's synopsis.
std::string cliUsage();
// `digitscope-cli <command> --help`: the command's synopsis, summary and options.
std::string cliCommandHelp(const CliCommand& command);

// "--normalize MEAN STD" takes two values, which QCommandLineParser cannot: the two are joined
// into one ("MEAN STD") before parsing. Other arguments pass unchanged.
QStringList joinTwoValueOptions(QStringList arguments);

}  // namespace digitscope::app
