#pragma once

// What the commands of digitscope-cli share: the usage error, reading option values, loading a
// model by file or bundled name, stroke-data options.

#include <QCommandLineParser>
#include <QString>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "core/base/errors.h"
#include "core/data/stroke_set.h"
#include "core/io/model_file.h"

namespace digitscope::app {

// Bad command-line usage of a CLI command: exit code 2, with the command's usage.
class CliUsageError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

inline constexpr double kDefaultStrokeShare = 0.2;  // of every batch, for --strokes-data FILE

// Six significant digits; "null" for NaN and infinities.
std::string jsonNumber(double value);

// The option's value within [min, max], or CliUsageError naming the option and the range.
long long parseInteger(const QCommandLineParser& parser, const QString& name, long long min,
                       long long max);
double parseReal(const QCommandLineParser& parser, const QString& name, double min, double max);

// The option's value through one of core's parse functions (parseActivation, ...).
template <typename Parse>
auto parseChoice(const QCommandLineParser& parser, const QString& name, Parse parse) {
    try {
        return parse(parser.value(name).toStdString());
    } catch (const core::ConfigError& error) {
        throw CliUsageError("--" + name.toStdString() + ": " + error.what());
    }
}

// A model file (.dsm or .onnx by its extension) or, when no such file exists, a bundled
// model's name.
core::Model loadModelNamed(const QString& name);

// Throws FileError when the folder `path` would be written into does not exist.
void requireFolderOf(const QString& path);

// "FILE" or "FILE:SHARE" of --strokes-data (the default share, or a share above 0 and at most
// 0.9); a colon not followed by a number belongs to the file's name.
std::pair<QString, double> parseStrokeData(const QString& value);

// Reads stroke files with their shares of every batch.
std::vector<core::StrokeShare> readStrokeSets(
    const std::vector<std::pair<std::string, double>>& files);

}  // namespace digitscope::app
