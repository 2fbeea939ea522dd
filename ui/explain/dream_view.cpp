#include "ui/explain/dream_view.h"

#include <QImage>
#include <QPainter>
#include <algorithm>
#include <cmath>

#include "ui/network/neuron_colours.h"

namespace digitscope::ui {
namespace {

namespace colours = neuron_colours;

QImage greyImage(const Eigen::VectorXf& pixels) {
    const int side = static_cast<int>(std::lround(std::sqrt(static_cast<double>(pixels.size()))));
    if (side * side != pixels.size() || side == 0) return {};
    QImage image(side, side, QImage::Format_Grayscale8);
    for (int y = 0; y < side; ++y) {
        uchar* line = image.scanLine(y);
        for (int x = 0; x < side; ++x)
            line[x] = static_cast<uchar>(
                std::lround(255.0f * std::clamp(pixels(y * side + x), 0.0f, 1.0f)));
    }
    return image;
}

}  // namespace

DreamView::DreamView(QWidget* parent) : QWidget(parent) {
    setAttribute(Qt::WA_OpaquePaintEvent);
    m_hint = tr("Click a neuron to see the input it would love most");
}

void DreamView::setDreams(Dreams dreams) {
    m_dreams = std::move(dreams);
    update();
}

void DreamView::clear(const QString& hint) {
    m_dreams.reset();
    m_hint = hint;
    update();
}

QString DreamView::answer(const core::Dream& dream) {
    if (dream.output.size() == 0) return {};
    Eigen::Index best = 0;
    const float p = dream.output.maxCoeff(&best);
    return tr("answered %1 · %2%").arg(best).arg(100.0 * p, 0, 'f', 1);
}

void DreamView::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), colours::kBackground);
    const QRectF area = QRectF(rect()).adjusted(10, 8, -10, -8);
    if (!m_dreams) {
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
    painter.drawText(QRectF(area.left(), area.top(), area.width(), line), Qt::AlignLeft,
                     tr("What excites %1 most").arg(m_dreams->neuron));
    painter.setFont(font());
    const double top = area.top() + line + 6;
    const double gap = 16;
    const double side =
        std::max(20.0, std::min((area.width() - gap) / 2, area.bottom() - top - 4 * line - 6));
    const double left = area.left() + std::max(0.0, (area.width() - 2 * side - gap) / 2);
    paintDream(painter, QRectF(left, top, side, side), m_dreams->regularised,
               tr("regularised (L2 + blur)"));
    paintDream(painter, QRectF(left + side + gap, top, side, side), m_dreams->noise,
               tr("no regularisation"));
    painter.setPen(colours::kMutedText);
    painter.drawText(QRectF(area.left(), area.bottom() - line, area.width(), line), Qt::AlignLeft,
                     tr("Gradient ascent on the pixels, %1 steps each · %2 ms in the background")
                         .arg(m_dreams->regularised.steps)
                         .arg(m_dreams->milliseconds, 0, 'f', 1));
}

void DreamView::paintDream(QPainter& painter, const QRectF& box, const core::Dream& dream,
                           const QString& caption) {
    const QImage image = greyImage(dream.image);
    if (!image.isNull()) painter.drawImage(box, image);
    painter.setPen(QColor(0x4a, 0x52, 0x60));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(box);
    const QFontMetrics metrics(font());
    const QString text = caption + QLatin1Char('\n') + answer(dream) + QLatin1Char('\n') +
                         tr("activation %1 → %2")
                             .arg(static_cast<double>(dream.startActivation), 0, 'f', 2)
                             .arg(static_cast<double>(dream.activation), 0, 'f', 2);
    painter.setPen(colours::kText);
    painter.drawText(
        QRectF(box.left() - 6, box.bottom() + 3, box.width() + 12, metrics.lineSpacing() * 3),
        Qt::AlignHCenter | Qt::AlignTop, text);
}

}  // namespace digitscope::ui
