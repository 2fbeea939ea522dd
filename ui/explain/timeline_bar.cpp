#include "ui/explain/timeline_bar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>
#include <QToolButton>

namespace digitscope::ui {

TimelineBar::TimelineBar(QWidget* parent) : QWidget(parent) {
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 2, 8, 2);
    layout->setSpacing(8);
    auto* title = new QLabel(tr("Timeline"));
    layout->addWidget(title);
    m_slider = new QSlider(Qt::Horizontal);
    m_slider->setToolTip(
        tr("Scrub through the training run: the network view, the weight maps "
           "and the prediction show the weights of that moment"));
    m_slider->setFocusPolicy(Qt::NoFocus);
    layout->addWidget(m_slider, 1);
    m_label = new QLabel;
    // As wide as the text where there is room; in a narrow window the slider keeps its room
    // and the text is cut (the status bar says the same on scrubbing).
    m_label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    layout->addWidget(m_label);
    m_liveButton = new QToolButton;
    m_liveButton->setText(tr("Live"));
    m_liveButton->setCheckable(true);
    m_liveButton->setToolTip(tr("Follow training as it happens"));
    m_liveButton->setFocusPolicy(Qt::NoFocus);
    layout->addWidget(m_liveButton);
    connect(m_slider, &QSlider::valueChanged, this, &TimelineBar::sliderMoved);
    connect(m_liveButton, &QToolButton::clicked, this, [this] { goLive(); });
    refresh();
}

void TimelineBar::clear() {
    m_timeline.clear();
    m_newest.reset();
    m_live = true;
    refresh();
}

void TimelineBar::offer(double epochPosition, std::shared_ptr<const core::Network> network) {
    m_newest = network;
    if (m_timeline.offer(epochPosition, std::move(network))) refresh();
}

void TimelineBar::recordEpoch(int epoch, std::shared_ptr<const core::Network> network) {
    if (!network) network = m_newest;
    if (!network) return;
    m_timeline.recordEpoch(epoch, std::move(network));
    refresh();
}

int TimelineBar::current() const {
    return m_slider->value();
}

void TimelineBar::refresh() {
    const QSignalBlocker blocker(m_slider);
    const int count = m_timeline.size();
    m_slider->setRange(0, std::max(0, count - 1));
    if (m_live) m_slider->setValue(m_slider->maximum());
    m_slider->setEnabled(count > 1);
    m_liveButton->setChecked(m_live);
    m_liveButton->setEnabled(count > 0);
    m_label->setText(label());
    setToolTip(tr("%1 snapshots, %2 MB of weights (at most %3 MB: older epochs are thinned)")
                   .arg(count)
                   .arg(static_cast<double>(m_timeline.bytes()) / (1 << 20), 0, 'f', 1)
                   .arg(static_cast<double>(m_timeline.budget()) / (1 << 20), 0, 'f', 0));
}

QString TimelineBar::label() const {
    if (m_timeline.empty()) return tr("train to record a run");
    if (m_live) return tr("live · %1 snapshots").arg(m_timeline.size());
    const auto& snapshot = m_timeline.at(current());
    return tr("epoch %1 · %2 of %3")
        .arg(snapshot.epochPosition, 0, 'f', snapshot.epoch > 0 ? 0 : 3)
        .arg(current() + 1)
        .arg(m_timeline.size());
}

void TimelineBar::sliderMoved(int value) {
    if (m_timeline.empty()) return;
    m_live = false;
    m_liveButton->setChecked(false);
    m_label->setText(label());
    const auto& snapshot = m_timeline.at(value);
    emit snapshotChosen(snapshot.network, snapshot.epochPosition);
}

void TimelineBar::scrubTo(int index) {
    if (index < 0 || index >= m_timeline.size()) return;
    if (m_slider->value() == index && !m_live) return;
    {
        const QSignalBlocker blocker(m_slider);
        m_slider->setValue(index);
    }
    sliderMoved(index);
}

void TimelineBar::goLive() {
    const bool was = m_live;
    m_live = true;
    refresh();
    if (!was) emit liveChosen();
}

}  // namespace digitscope::ui
