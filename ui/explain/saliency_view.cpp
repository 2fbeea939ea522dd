#include "ui/explain/saliency_view.h"

#include <QPainter>
#include <algorithm>
#include <cmath>

#include "ui/network/neuron_colours.h"
#include "ui/network/signed_map.h"

namespace digitscope::ui {
namespace {

namespace colours = neuron_colours;

}  // namespace

SaliencyView::SaliencyView(QWidget* parent) : QWidget(parent) {
    setAttribute(Qt::WA_OpaquePaintEvent);
    m_hint = tr("Draw a digit to see what pushed the answer");
}

void SaliencyView::setSaliency(const core::AnswerSaliency& saliency, const Eigen::VectorXf& input) {
    m_saliency = saliency;
    m_input = input;
    update();
}

void SaliencyView::clear(const QString& hint) {
    m_saliency.reset();
    m_hint = hint;
    update();
}

QString SaliencyView::title() const {
    if (!m_saliency) return m_hint;
    return tr("Why %1 and not %2?").arg(m_saliency->predicted).arg(m_saliency->runnerUp);
}

void SaliencyView::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), colours::kBackground);
    const QRectF area = QRectF(rect()).adjusted(10, 8, -10, -8);
    if (!m_saliency) {
        painter.setPen(colours::kMutedText);
        painter.drawText(area, Qt::AlignCenter | Qt::TextWordWrap, m_hint);
        return;
    }
    const QFontMetrics metrics(font());
    const double line = metrics.lineSpacing();
    QFont bold = font();
    bold.setBold(true);
    painter.setFont(bold);
    painter.setPen(colours::kText);
    painter.drawText(QRectF(area.left(), area.top(), area.width(), line), Qt::AlignLeft, title());
    painter.setFont(font());
    painter.setPen(colours::kMutedText);
    const auto& s = *m_saliency;
    const QString explanation =
        tr("Blue pixels pushed towards %1, red towards %2. Margin between their weighted sums: "
           "z%1 − z%2 = %3.")
            .arg(s.predicted)
            .arg(s.runnerUp)
            .arg(static_cast<double>(s.margin), 0, 'f', 2);
    const QRectF textBox(area.left(), area.top() + line + 2, area.width(), line * 2 + 2);
    painter.drawText(textBox, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, explanation);

    // Two maps, side by side or one above the other, whichever makes them larger; captions
    // under each.
    const double top = textBox.bottom() + 6;
    const double gap = 14;
    const double captions = 2 * line + 6;
    const double height = area.bottom() - top;
    const double across = std::min((area.width() - gap) / 2, height - captions);
    const double stacked = std::min(area.width(), (height - 2 * captions - gap) / 2);
    const double side = std::max(20.0, std::max(across, stacked));
    const QRectF first(
        area.left() + (across >= stacked ? std::max(0.0, (area.width() - 2 * side - gap) / 2)
                                         : (area.width() - side) / 2),
        top, side, side);
    const QRectF second = across >= stacked ? first.translated(side + gap, 0)
                                            : first.translated(0, side + captions + gap);
    paintMap(painter, first, s.gradientTimesInput, tr("gradient × input"));
    paintMap(painter, second, s.occlusion, tr("occlusion (3×3 blanked)"));
}

void SaliencyView::paintMap(QPainter& painter, const QRectF& box, const Eigen::VectorXf& values,
                            const QString& caption) {
    const int side = static_cast<int>(std::lround(std::sqrt(static_cast<double>(values.size()))));
    const QImage image = signedMapImage(values, side, 0.0f, &m_input);
    if (image.isNull()) return;
    painter.drawImage(box, image);
    painter.setPen(QColor(0x4a, 0x52, 0x60));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(box);
    const QFontMetrics metrics(font());
    painter.setPen(colours::kMutedText);
    const QString scale =
        tr("±%1 at full colour").arg(static_cast<double>(signedMapScale(values)), 0, 'g', 2);
    painter.drawText(
        QRectF(box.left() - 4, box.bottom() + 3, box.width() + 8, metrics.lineSpacing() * 2),
        Qt::AlignHCenter | Qt::AlignTop, caption + QLatin1Char('\n') + scale);
}

}  // namespace digitscope::ui
