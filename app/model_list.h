#pragma once

#include <QString>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "app/loaded_model.h"

namespace digitscope::ui {
class TeachingSession;
class TrainingSession;
}  // namespace digitscope::ui

namespace digitscope::app {

// The models the user can choose from, and the one shown: the bundled models, the file opened
// last, every run of the training session (until removed), and fresh weights after a Reset.
// It decides what the Model list holds, where Save may write (only the file the shown model
// came from or was saved to), and how the shown model is described; no widgets.
class ModelList {
public:
    enum class Kind { Bundled, File, Run, Taught, Unlisted };
    struct Entry {
        Kind kind = Kind::Bundled;
        QString text;   // as listed: "accurate", "m2.dsm (file)", "Run 2: 784-16-… · 95.1% *"
        QString name;   // the bundled name (Bundled)
        int runId = 0;  // (Run)
        QString toolTip;
    };

    explicit ModelList(const ui::TrainingSession& session) : m_session(session) {}
    // The model taught in the window ("accurate, taught 12 digits") is listed once it has lessons.
    void setTeaching(const ui::TeachingSession* teaching) { m_teaching = teaching; }

    const LoadedModel& current() const { return m_current; }
    void setCurrent(LoadedModel model);
    // New weights of the shown run (the list and the title stay as they are).
    void setCurrentWeights(std::shared_ptr<const core::Network> network);
    // The shown model as a run of the session (its latest weights and saved path).
    LoadedModel runModel(int runId) const;
    bool showsRun(int runId) const;

    std::vector<Entry> entries() const;
    int currentIndex(const std::vector<Entry>& entries) const;  // -1: none

    // Where Save writes without asking: empty unless the shown model came from that file or was
    // saved there.
    QString savePath() const { return m_current.path; }
    // The shown model was saved to `path`.
    void savedTo(const QString& path) { m_current.path = path; }
    // What a saved file carries: a run's training settings and results, or the model's own.
    std::map<std::string, std::string> metadataForSaving() const;
    // A file name to suggest for Save as: "784-16-16-10 relu, adam lr 0.002.dsm" keeps its dots.
    QString suggestedFileName() const;
    // "accurate · 784-256-128-10", "Run 2: … · test 95.1% · not saved" for the status bar.
    QString describeCurrent() const;

private:
    const ui::TrainingSession& m_session;
    const ui::TeachingSession* m_teaching = nullptr;
    LoadedModel m_current;
};

}  // namespace digitscope::app
