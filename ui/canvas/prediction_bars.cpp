#include "ui/canvas/prediction_bars.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>

namespace digitscope::ui {
namespace {

const QColor kWinner(0xf5, 0xb3, 0x42);
const QColor kBar(0x58, 0x6a, 0x82);

int percent(double share) {
    return static_cast<int>(std::lround(share * 100.0));
}

}  // namespace

PredictionBars::PredictionBars(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
}

void PredictionBars::clear() {
    m_shares.resize(0);
    m_winner = m_runnerUp = -1;
    m_unsure = false;
    update();
}

void PredictionBars::setUnsure(bool unsure) {
    if (unsure == m_unsure || (unsure && !hasPrediction())) return;
    m_unsure = unsure;
    update();
}

void PredictionBars::setProbabilities(const Eigen::VectorXf& outputs) {
    const float sum = outputs.size() > 0 ? outputs.cwiseMax(0.0f).sum() : 0.0f;
    if (!(sum > 0.0f) || !std::isfinite(sum)) return clear();
    m_shares = outputs.cwiseMax(0.0f) / sum;
    m_unsure = false;
    Eigen::Index best = 0;
    m_shares.maxCoeff(&best);
    m_winner = static_cast<int>(best);
    m_runnerUp = -1;
    for (int i = 0; i < m_shares.size(); ++i)
        if (i != m_winner && (m_runnerUp < 0 || m_shares(i) > m_shares(m_runnerUp))) m_runnerUp = i;
    update();
}

double PredictionBars::confidence() const {
    return m_winner < 0 ? 0.0 : static_cast<double>(m_shares(m_winner));
}

QString PredictionBars::verdict() const {
    if (m_winner < 0) return tr("Draw a digit to see what the network thinks");
    if (m_unsure) return tr("Doesn't look like a digit");
    QString text = tr("%1 — %2% sure").arg(m_winner).arg(percent(confidence()));
    if (m_runnerUp >= 0 && m_shares(m_runnerUp) >= 0.15f) text += tr(", maybe %1").arg(m_runnerUp);
    return text;
}

int PredictionBars::digitAt(QPoint point) const {
    QFont headline = font();
    headline.setPointSizeF(headline.pointSizeF() * 1.6);
    const int barsTop = QFontMetrics(headline).height() + 10;  // below the verdict
    if (!rect().contains(point) || point.y() < barsTop) return -1;
    return std::clamp(point.x() * 10 / std::max(1, width()), 0, 9);
}

void PredictionBars::mousePressEvent(QMouseEvent* event) {
    const int digit = digitAt(event->position().toPoint());
    if (hasPrediction() && digit >= 0 && event->button() == Qt::LeftButton)
        emit digitClicked(digit);
    else
        QWidget::mousePressEvent(event);
}

void PredictionBars::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QPalette& pal = palette();
    const QColor text = pal.color(QPalette::WindowText);
    QColor muted = text;
    muted.setAlphaF(0.55f);
    // The empty part of each bar: the background moved a little towards the text colour.
    const QColor base = pal.color(QPalette::Window);
    const QColor trackColour = QColor::fromRgbF(base.redF() * 0.85f + text.redF() * 0.15f,
                                                base.greenF() * 0.85f + text.greenF() * 0.15f,
                                                base.blueF() * 0.85f + text.blueF() * 0.15f);

    // The verdict, large; or the hint, wrapped into the same space so the bars stay put.
    QFont headline = font();
    headline.setPointSizeF(headline.pointSizeF() * 1.6);
    headline.setBold(true);
    const QRect headlineRect(0, 0, width(), QFontMetrics(headline).height() + 10);
    painter.setPen(hasPrediction() ? text : muted);
    if (hasPrediction()) {
        // One line, never over the bars: a long verdict ("…, maybe 4") gets a smaller font,
        // down to the normal size, and is elided only beyond that.
        QFont fitted = headline;
        const QString line = verdict();
        while (QFontMetrics(fitted).horizontalAdvance(line) > width() &&
               fitted.pointSizeF() > font().pointSizeF())
            fitted.setPointSizeF(std::max(font().pointSizeF(), fitted.pointSizeF() * 0.9));
        painter.setFont(fitted);
        painter.drawText(headlineRect, Qt::AlignLeft | Qt::AlignVCenter,
                         QFontMetrics(fitted).elidedText(line, Qt::ElideRight, width()));
    } else {
        painter.setFont(font());
        painter.drawText(headlineRect, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap,
                         verdict());
    }

    // The bars: one column per digit, labels underneath, shares above the notable ones.
    const int count = hasPrediction() ? static_cast<int>(m_shares.size()) : 10;
    const QFontMetrics metrics(font());
    const int labelHeight = metrics.height() + 6;
    const int top = headlineRect.bottom() + 8 + metrics.height();
    const int bottom = height() - labelHeight;
    if (bottom - top < 10) return;
    const double slot = static_cast<double>(width()) / count;
    const double barWidth = std::min(slot * 0.62, 34.0);
    QFont bold = font();
    bold.setBold(true);
    for (int i = 0; i < count; ++i) {
        const double centre = slot * (i + 0.5);
        // Plain rectangles: solid fills are blits, so repainting every frame stays cheap.
        const QRect track(static_cast<int>(std::lround(centre - barWidth / 2)), top,
                          static_cast<int>(std::lround(barWidth)), bottom - top);
        painter.fillRect(track, trackColour);
        const bool winner = i == m_winner && !m_unsure;  // no guess highlighted when unsure
        if (hasPrediction()) {
            const double share = m_shares(i);
            const int h = static_cast<int>(
                std::lround(std::max(share * track.height(), share > 0.005 ? 2.0 : 0.0)));
            painter.fillRect(QRect(track.left(), track.bottom() + 1 - h, track.width(), h),
                             winner ? kWinner : kBar);
            if (winner || share >= 0.05) {
                painter.setPen(winner ? kWinner : muted);
                painter.setFont(font());
                // Centred over the bar, but kept inside the widget: "100%" is wider than a slot.
                const QString label = QStringLiteral("%1%").arg(percent(share));
                const double labelWidth = metrics.horizontalAdvance(label) + 2.0;
                const double left =
                    std::clamp(centre - labelWidth / 2, 0.0, std::max(0.0, width() - labelWidth));
                painter.drawText(QRectF(left, track.bottom() - h - metrics.height() - 2, labelWidth,
                                        metrics.height()),
                                 Qt::AlignCenter | Qt::TextDontClip, label);
            }
        }
        painter.setFont(winner ? bold : font());
        painter.setPen(winner ? kWinner : (hasPrediction() ? text : muted));
        painter.drawText(QRectF(centre - slot / 2, bottom + 2, slot, labelHeight - 2),
                         Qt::AlignHCenter | Qt::AlignTop, QString::number(i));
    }
}

}  // namespace digitscope::ui
