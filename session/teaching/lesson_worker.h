#pragma once

#include <QObject>
#include <QString>
#include <atomic>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "core/data/dataset.h"
#include "core/input/drawing.h"
#include "core/nn/network.h"
#include "core/train/fine_tuner.h"

namespace digitscope::ui {

// What one lesson learns: the weights it starts from and every drawing taught so far.
struct LessonRequest {
    int id = 0;
    std::shared_ptr<const core::Network> start;
    std::vector<core::Drawing> drawings;
    QString imageFolder;  // MNIST replay; empty: pen digits only
    core::FineTuneSettings settings;
};

// A network's accuracy on MNIST's test set, overall and per digit (NaN for a digit without
// test images).
struct TestScore {
    double accuracy = 0;
    std::vector<double> perDigit;
};

// What the teaching thread reports to the GUI thread about a lesson.
struct LessonReport {
    enum class Kind { Progress, Finished, Failed };
    Kind kind = Kind::Progress;
    int id = 0;
    int stepsDone = 0;  // Progress
    int steps = 0;
    std::shared_ptr<const core::Network> network;  // Progress, Finished
    double seconds = 0;                            // Finished
    QString message;                               // Failed
    // Finished, where MNIST's test set is in the image folder: what the lesson did to the rest.
    std::optional<TestScore> testBefore, testAfter;
};

// Runs lessons on the teaching thread (a QObject moved to a QThread by TeachingSession): loads
// the replay data once (the bundled pen digits, MNIST's training images), then steps a
// core::FineTuner a few steps at a time, reporting copies of the weights at most ~30 times a
// second and the final weights at the end. It never touches a widget.
//
// How values cross threads: requests in and reports out go through queues guarded by one
// std::mutex, and Qt's event queue carries only the wake-ups (jobsQueued, reportsReady).
// ThreadSanitizer cannot see Qt's own locks, so a request or a network passed inside a queued
// call looks like a race to it; with std::mutex it checks this class for real (as the training
// and edge-image workers).
class LessonWorker : public QObject {
    Q_OBJECT
public:
    LessonWorker();
    // GUI thread: the teaching thread loads the replay data ahead of the first lesson (errors
    // wait for that lesson), then runs `request` after whatever was queued before.
    void submitPrepare(const QString& imageFolder);
    void submit(LessonRequest request);
    // Any thread: the running lesson stops before its next few steps (its result is dropped).
    void cancel() { m_cancel.store(true); }
    // GUI thread, after reportsReady: every report since the last call, oldest first.
    std::vector<LessonReport> takeReports();

signals:
    void reportsReady();  // emitted on the teaching thread when the outbox was empty
    // Emitted by submit(): wakes runQueued on the teaching thread. A signal connected once,
    // rather than a call queued each time, so no object made on one thread is read on the other.
    void jobsQueued(QPrivateSignal);

private:
    struct Job {
        bool prepareOnly = false;
        QString imageFolder;  // prepareOnly
        LessonRequest request;
    };
    void runQueued();  // teaching thread
    void prepare(const QString& imageFolder);
    void run(const LessonRequest& request);
    void report(LessonReport report);
    core::ReplaySources replayFor(const QString& imageFolder);

    std::mutex m_mutex;  // guards m_inbox and m_outbox
    std::deque<Job> m_inbox;
    std::vector<LessonReport> m_outbox;

    std::atomic<bool> m_cancel{false};
    // The teaching thread's own.
    std::vector<core::Drawing> m_penDigits;  // loaded on the first lesson
    bool m_penLoaded = false;
    QString m_imageFolder;
    std::shared_ptr<const core::Dataset> m_images;
    std::shared_ptr<const core::Dataset> m_testImages;  // null where the folder has none
    std::optional<TestScore> score(const std::shared_ptr<const core::Network>& network);
    std::shared_ptr<const core::Network> m_scoredNetwork;  // the last network scored
    TestScore m_scored;
};

}  // namespace digitscope::ui
