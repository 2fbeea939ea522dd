#pragma once

#include <QDateTime>
#include <QString>
#include <vector>

#include "core/drawing.h"

namespace digitscope::ui {

// My digits: the person's own labelled drawings, a stroke dataset in the JSON Lines format of
// core/stroke_file.h (one drawing a line, plus "added": the date and time, ISO 8601, UTC), so
// `digitscope-cli finetune --strokes` and training read it as any stroke dataset. No widgets.
// Every change is saved at once and atomically (core::writeFileAtomically: a temporary file,
// fsync, rename), so a crash at any byte leaves the old file or the new one.
class MyDigits {
public:
    struct Entry {
        core::Drawing drawing;  // label 0-9
        QDateTime added;        // UTC
    };

    // The file in the user's data folder (QStandardPaths::AppDataLocation)/my-digits.jsonl.
    static QString defaultPath();

    explicit MyDigits(QString path = defaultPath());

    // Reads the file; a missing file is an empty set. Throws core::FileError naming the file and
    // the line; the entries stay as they were.
    void load();
    const QString& path() const { return m_path; }
    const std::vector<Entry>& entries() const { return m_entries; }
    std::vector<core::Drawing> drawings() const;
    int size() const { return static_cast<int>(m_entries.size()); }

    // Each saves the whole set; on a failed save (core::FileError) the set is as before.
    void add(const core::Drawing& drawing, const QDateTime& when = QDateTime::currentDateTimeUtc());
    void relabel(int index, int label);
    void remove(int index);
    // Writes the set (or the entries at `indices`) to another file, atomically.
    void exportTo(const QString& file, const std::vector<int>& indices = {}) const;

    // The file's text for these entries.
    static std::string serialize(const std::vector<Entry>& entries);

private:
    void saveOrRestore(std::vector<Entry> before);

    QString m_path;
    std::vector<Entry> m_entries;
};

}  // namespace digitscope::ui
