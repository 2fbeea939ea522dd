#include "session/teaching/my_digits.h"

#include <QByteArrayList>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>

#include "core/base/errors.h"
#include "core/data/stroke_file.h"
#include "core/io/model_file.h"

namespace digitscope::ui {

QString MyDigits::defaultPath() {
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return QDir(folder).filePath(QStringLiteral("my-digits.jsonl"));
}

MyDigits::MyDigits(QString path) : m_path(std::move(path)) {}

void MyDigits::saveInBackground(BackgroundFileWriter::Failure onFailure) {
    waitForSave();
    m_writer = std::make_unique<BackgroundFileWriter>(std::move(onFailure));
}

void MyDigits::waitForSave() {
    if (m_writer) m_writer->wait();
}

void MyDigits::load() {
    waitForSave();
    if (!QFileInfo::exists(m_path)) {
        m_entries.clear();
        return;
    }
    core::StrokeFile::Options options;
    options.requireLabels = true;
    std::vector<core::Drawing> drawings = core::StrokeFile::read(m_path.toStdString(), options);
    // The dates: the same lines again, for the one key the stroke reader ignores.
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly))
        throw core::FileError(m_path.toStdString(),
                              "cannot read: " + file.errorString().toStdString());
    std::vector<Entry> entries;
    std::size_t next = 0;
    for (const QByteArray& line : file.readAll().split('\n')) {
        if (line.trimmed().isEmpty() || next >= drawings.size()) continue;
        const QJsonObject object = QJsonDocument::fromJson(line).object();
        QDateTime added = QDateTime::fromString(object.value("added").toString(), Qt::ISODate);
        entries.push_back({std::move(drawings[next++]), added});
    }
    m_entries = std::move(entries);
}

std::vector<core::Drawing> MyDigits::drawings() const {
    std::vector<core::Drawing> result;
    result.reserve(m_entries.size());
    for (const Entry& entry : m_entries) result.push_back(entry.drawing);
    return result;
}

std::string MyDigits::serialize(const std::vector<Entry>& entries) {
    std::string text;
    for (const Entry& entry : entries) {
        std::string line = core::StrokeFile::toJsonLine(entry.drawing);
        if (entry.added.isValid() && !line.empty() && line.back() == '}') {
            line.pop_back();
            line +=
                ",\"added\":\"" + entry.added.toUTC().toString(Qt::ISODate).toStdString() + "\"}";
        }
        text += line;
        text += '\n';
    }
    return text;
}

void MyDigits::saveOrRestore(std::vector<Entry> before) {
    try {
        QDir().mkpath(QFileInfo(m_path).absolutePath());
        core::writeFileAtomically(m_path.toStdString(), serialize(m_entries));
    } catch (...) {
        m_entries = std::move(before);
        throw;
    }
}

void MyDigits::add(const core::Drawing& drawing, const QDateTime& when) {
    if (drawing.label < 0 || drawing.label > 9 || drawing.isEmpty())
        throw core::ConfigError("My digits takes drawings labelled 0-9");
    if (m_writer) {
        m_entries.push_back({drawing, when.toUTC()});
        m_writer->write(m_path.toStdString(), [entries = m_entries] { return serialize(entries); });
        return;
    }
    std::vector<Entry> before = m_entries;
    m_entries.push_back({drawing, when.toUTC()});
    saveOrRestore(std::move(before));
}

void MyDigits::relabel(int index, int label) {
    if (index < 0 || index >= size() || label < 0 || label > 9) return;
    waitForSave();  // so that an older set saved in the background cannot land after this one
    std::vector<Entry> before = m_entries;
    m_entries[static_cast<std::size_t>(index)].drawing.label = label;
    saveOrRestore(std::move(before));
}

void MyDigits::remove(int index) {
    if (index < 0 || index >= size()) return;
    waitForSave();
    std::vector<Entry> before = m_entries;
    m_entries.erase(m_entries.begin() + index);
    saveOrRestore(std::move(before));
}

void MyDigits::exportTo(const QString& file, const std::vector<int>& indices) const {
    std::vector<Entry> chosen;
    for (int index : indices)
        if (index >= 0 && index < size())
            chosen.push_back(m_entries[static_cast<std::size_t>(index)]);
    core::writeFileAtomically(file.toStdString(), serialize(indices.empty() ? m_entries : chosen));
}

}  // namespace digitscope::ui
