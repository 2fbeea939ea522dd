#pragma once

#include <QDateTime>
#include <QString>
#include <memory>
#include <vector>

#include "core/input/drawing.h"
#include "session/teaching/background_file_writer.h"

namespace digitscope::ui {

// My digits: the person's own labelled drawings, a stroke dataset in the JSON Lines format of
// core/data/stroke_file.h (one drawing a line, plus "added": the date and time, ISO 8601, UTC), so
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

    // From now on add() saves on a thread of its own (the app: its fsync held the GUI thread
    // 20-100 ms on a busy disk): a failure goes to `onFailure` (on that thread) instead of
    // being thrown, and the drawing stays in the set, saved with the next change. relabel,
    // remove and load wait for that save first; so does the destructor.
    void saveInBackground(BackgroundFileWriter::Failure onFailure);
    void waitForSave();

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
    std::unique_ptr<BackgroundFileWriter> m_writer;  // null: saves before returning
};

}  // namespace digitscope::ui
