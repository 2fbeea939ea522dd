#pragma once

#include <QWidget>
#include <memory>

#include "core/nn/network.h"
#include "core/train/training_timeline.h"

class QLabel;
class QSlider;
class QToolButton;

namespace digitscope::ui {

// A slider over the current training run's weight snapshots (core::TrainingTimeline: the
// first weights, log-spaced early ones, every epoch's end; bounded memory). Dragging it picks a
// snapshot (snapshotChosen) and the window shows that moment everywhere; "Live" (or the slider's
// right end) follows training again (liveChosen). While live, new snapshots move the slider
// along; while scrubbing, they only lengthen it.
class TimelineBar : public QWidget {
    Q_OBJECT
public:
    explicit TimelineBar(QWidget* parent = nullptr);

    const core::TrainingTimeline& timeline() const { return m_timeline; }
    void clear();
    // Weights as they arrive from training (kept when the timeline wants them); the newest is
    // remembered for recordEpoch(epoch).
    void offer(double epochPosition, std::shared_ptr<const core::Network> network);
    // The end of an epoch: the given weights, or the newest offered (the worker sends the
    // epoch's weights just before it reports the epoch).
    void recordEpoch(int epoch, std::shared_ptr<const core::Network> network = nullptr);

    // The newest weights offered (what training has now), whether kept or not.
    std::shared_ptr<const core::Network> newest() const { return m_newest; }
    bool isLive() const { return m_live; }
    int current() const;      // the slider's snapshot
    void scrubTo(int index);  // as a drag to it would (signals)
    void goLive();            // as the Live button (signals when it was scrubbing)
    QString label() const;

signals:
    void snapshotChosen(std::shared_ptr<const core::Network> network, double epochPosition);
    void liveChosen();

private:
    void sliderMoved(int value);
    void refresh();

    core::TrainingTimeline m_timeline;
    std::shared_ptr<const core::Network> m_newest;
    bool m_live = true;
    QSlider* m_slider = nullptr;
    QLabel* m_label = nullptr;
    QToolButton* m_liveButton = nullptr;
};

}  // namespace digitscope::ui
