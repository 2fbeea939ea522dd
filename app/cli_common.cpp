#include "app/cli_common.h"

#include <QFileInfo>
#include <cmath>
#include <iomanip>
#include <memory>
#include <sstream>

#include "core/data/stroke_set.h"
#include "session/models/bundled_models.h"

namespace digitscope::app {

std::string jsonNumber(double value) {
    if (!std::isfinite(value)) return "null";
    std::ostringstream out;
    out << std::setprecision(6) << value;
    return out.str();
}

long long parseInteger(const QCommandLineParser& parser, const QString& name, long long min,
                       long long max) {
    bool ok = false;
    const long long value = parser.value(name).toLongLong(&ok);
    if (!ok || value < min || value > max)
        throw CliUsageError("--" + name.toStdString() + " must be a whole number from " +
                            std::to_string(min) + " to " + std::to_string(max));
    return value;
}

double parseReal(const QCommandLineParser& parser, const QString& name, double min, double max) {
    bool ok = false;
    const double value = parser.value(name).toDouble(&ok);
    if (!ok || !std::isfinite(value) || value < min || value > max)
        throw CliUsageError("--" + name.toStdString() + " must be a number from " +
                            jsonNumber(min) + " to " + jsonNumber(max));
    return value;
}

core::Model loadModelNamed(const QString& name) {
    if (QFileInfo::exists(name) || name.startsWith(QLatin1Char(':')))
        return ui::loadModelFile(name);
    if (ui::BundledModels::names().contains(name)) return ui::BundledModels::load(name);
    if (QFileInfo(name).suffix().isEmpty())
        throw core::FileError(name.toStdString(),
                              "no such file, nor a bundled model of that name (bundled: " +
                                  ui::BundledModels::names().join(", ").toStdString() + ")");
    return ui::loadModelFile(name);  // says "no such file"
}

void requireFolderOf(const QString& path) {
    if (!QFileInfo(QFileInfo(path).absolutePath()).isDir())
        throw core::FileError(path.toStdString(), "its folder does not exist");
}

std::pair<QString, double> parseStrokeData(const QString& value) {
    if (const qsizetype colon = value.lastIndexOf(':'); colon > 0) {
        bool ok = false;
        const double share = value.mid(colon + 1).toDouble(&ok);
        if (ok) {
            if (!(share > 0 && share <= 0.9))
                throw CliUsageError("--strokes-data " + value.toStdString() +
                                    ": the share must be above 0 and at most 0.9");
            return {value.left(colon), share};
        }
    }
    return {value, kDefaultStrokeShare};
}

std::vector<core::StrokeShare> readStrokeSets(
    const std::vector<std::pair<std::string, double>>& files) {
    std::vector<core::StrokeShare> sets;
    for (const auto& [path, share] : files)
        sets.push_back({std::make_shared<const core::StrokeSet>(core::StrokeSet::read(path)),
                        static_cast<float>(share)});
    return sets;
}

}  // namespace digitscope::app
