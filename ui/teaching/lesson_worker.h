#pragma once

#include <QObject>
#include <QString>
#include <atomic>
#include <memory>
#include <vector>

#include "core/dataset.h"
#include "core/drawing.h"
#include "core/fine_tuner.h"
#include "core/network.h"

namespace digitscope::ui {

// What one lesson learns: the weights it starts from and every drawing taught so far.
struct LessonRequest {
    int id = 0;
    std::shared_ptr<const core::Network> start;
    std::vector<core::Drawing> drawings;
    QString imageFolder;  // MNIST replay; empty: pen digits only
    core::FineTuneSettings settings;
};

// Runs lessons on the teaching thread (a QObject moved to a QThread by TeachingSession): loads
// the replay data once (the bundled pen digits, MNIST's training images), then steps a
// core::FineTuner a few steps at a time, reporting copies of the weights at most ~30 times a
// second and the final weights at the end. It never touches a widget.
class LessonWorker : public QObject {
    Q_OBJECT
public:
    // Any thread: the running lesson stops before its next few steps (its result is dropped).
    void cancel() { m_cancel.store(true); }

public slots:
    // Loads the replay data ahead of the first lesson (errors wait for that lesson).
    void prepare(const QString& imageFolder);
    void run(const digitscope::ui::LessonRequest& request);

signals:
    void progressed(int id, int stepsDone, int steps, std::shared_ptr<const core::Network> network);
    void finished(int id, std::shared_ptr<const core::Network> network, double seconds);
    void failed(int id, const QString& message);

private:
    core::ReplaySources replayFor(const QString& imageFolder);

    std::atomic<bool> m_cancel{false};
    std::vector<core::Drawing> m_penDigits;  // loaded on the first lesson
    bool m_penLoaded = false;
    QString m_imageFolder;
    std::shared_ptr<const core::Dataset> m_images;
};

}  // namespace digitscope::ui
