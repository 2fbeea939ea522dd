#include "session/models/bundled_models.h"

#include <QDir>
#include <QFile>

#include "core/base/errors.h"
#include "core/io/model_io.h"

namespace digitscope::ui {

QStringList BundledModels::names() {
    QStringList result;
    for (const QString& file :
         QDir(QStringLiteral(":/models")).entryList({"*.dsm"}, QDir::Files, QDir::Name))
        result << file.chopped(4);
    return result;
}

QString BundledModels::resourcePath(const QString& name) {
    return QStringLiteral(":/models/%1.dsm").arg(name);
}

core::Model BundledModels::load(const QString& name) {
    if (!QFile::exists(resourcePath(name)))
        throw core::FileError(name.toStdString(), "no bundled model of that name (have: " +
                                                      names().join(", ").toStdString() + ")");
    return loadModelFile(resourcePath(name));
}

core::DigitGate BundledModels::gate() {
    const QString path = QStringLiteral(":/gate/digit_gate.dsm");
    return core::DigitGate(loadModelFile(path), path.toStdString());
}

core::Model loadModelFile(const QString& path) {
    if (!path.startsWith(QLatin1Char(':'))) return core::loadModel(path.toStdString());
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw core::FileError(path.toStdString(),
                              "cannot open: " + file.errorString().toStdString());
    const QByteArray bytes = file.readAll();
    return core::ModelFile::parse(
        std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())),
        path.toStdString());
}

}  // namespace digitscope::ui
