#pragma once

#include <QObject>
#include <QString>
#include <QThread>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/input/drawing.h"
#include "core/io/model_file.h"
#include "core/nn/network.h"
#include "core/train/fine_tuner.h"
#include "session/teaching/lesson_worker.h"

namespace digitscope::ui {

// Teaching a model a person's handwriting, without widgets: the model the lessons started from
// (the base), the lessons so far, each with the weights from before it, and the thread that
// runs them (a LessonWorker on a QThread it owns). Each lesson fine-tunes the latest weights on
// every drawing taught so far, so a new correction does not undo an earlier one; corrections
// made while a lesson runs are taught together in the next. Undo restores the weights from
// before the last lesson bit for bit. Everything here runs on the GUI thread.
class TeachingSession : public QObject {
    Q_OBJECT
public:
    explicit TeachingSession(QObject* parent = nullptr);
    ~TeachingSession() override;  // cancels the lesson, quit(), wait()

    // MNIST's folder for replay (empty: the pen digits only); loading starts in the background.
    void setImageFolder(const QString& folder);
    QString imageFolder() const { return m_imageFolder; }
    void setSettings(const core::FineTuneSettings& settings) { m_settings = settings; }
    const core::FineTuneSettings& settings() const { return m_settings; }

    // Lessons from now on start from this model (named `name`); earlier lessons are forgotten.
    // `earlier`: drawings corrected before (My digits), learnt again in every lesson with the
    // new ones. `taught`: weights already taught them (the kept taught model), shown from now
    // on; null: the base's.
    void begin(const core::Model& base, const QString& name,
               std::vector<core::Drawing> earlier = {},
               std::shared_ptr<const core::Network> taught = nullptr);
    // Learns `drawings` afresh from the base's weights, as one lesson in place of every lesson
    // so far (a drawing relabelled or removed from My digits); none: the base's weights again.
    void reteach(std::vector<core::Drawing> drawings);
    bool hasBase() const { return m_base.has_value(); }
    const std::optional<core::Model>& base() const { return m_base; }
    QString baseName() const { return m_baseName; }

    // Teaches one labelled drawing (now, or with the next lesson when one is running).
    void teach(const core::Drawing& drawing);
    // Undoes the last lesson (a running lesson first); false when there was none.
    bool undoLesson();
    // The drawings the last undoLesson() took back (to forget them where they were kept too).
    const std::vector<core::Drawing>& undoneDrawings() const { return m_undone; }
    // Forgets every lesson: the base model's weights again.
    void backToBase();

    bool learning() const { return m_running != 0; }
    int lessonCount() const { return static_cast<int>(m_lessons.size()); }
    int taughtDigits() const;  // earlier drawings and those of finished and running lessons
    std::shared_ptr<const core::Network> network() const { return m_network; }  // latest
    // "accurate, taught 12 digits"
    QString describe() const;
    // What a file of the taught model says of it: the base's metadata, what it was taught
    // from, how many digits, and its own MNIST test accuracy where the last lesson measured
    // it (the base's is not its own: it is left out otherwise).
    std::map<std::string, std::string> metadata() const;
    bool unsaved() const { return m_unsaved; }
    void markSaved() { m_unsaved = false; }
    double lastLessonSeconds() const { return m_lastSeconds; }
    // MNIST test scores of the last lesson's start and end weights (where the image folder
    // holds the test set); empty once other weights are shown (undo, back to the base).
    const std::optional<TestScore>& testBefore() const { return m_testBefore; }
    const std::optional<TestScore>& testAfter() const { return m_testAfter; }

signals:
    // New weights: during a lesson (<= 30/s), at its end, after undo or back to base.
    void networkUpdated(std::shared_ptr<const core::Network> network);
    void progressed(int stepsDone, int steps);
    void lessonFinished(double seconds);
    void lessonsChanged();  // count, saved state, or base changed
    void errorOccurred(const QString& message);

private:
    struct Lesson {
        std::vector<core::Drawing> drawings;  // new in this lesson
        std::vector<float> before;            // the weights before it, bit for bit
    };
    void startLesson();
    void cancelRunning();
    void setNetwork(std::shared_ptr<const core::Network> network);
    void onReports();  // drains the worker's reports
    void onProgressed(int id, int stepsDone, int steps, std::shared_ptr<const core::Network> net);
    void onFinished(LessonReport& report);
    void onFailed(int id, const QString& message);

    QThread m_thread;
    LessonWorker* m_worker = nullptr;
    QString m_imageFolder;
    core::FineTuneSettings m_settings;

    std::optional<core::Model> m_base;
    QString m_baseName;
    std::shared_ptr<const core::Network> m_network;
    std::vector<Lesson> m_lessons;
    std::optional<Lesson> m_runningLesson;
    std::vector<core::Drawing> m_earlier;  // learnt before begin(), in every lesson again
    std::vector<core::Drawing> m_pending;  // taught while a lesson runs
    std::vector<core::Drawing> m_undone;   // by the last undoLesson()
    int m_running = 0;                     // id of the lesson on the worker; 0: none
    int m_nextId = 1;
    bool m_unsaved = false;
    double m_lastSeconds = 0;
    std::optional<TestScore> m_testBefore, m_testAfter;
};

}  // namespace digitscope::ui
