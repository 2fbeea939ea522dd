#include "ui/explain/arithmetic_view.h"

#include <QPainter>
#include <algorithm>
#include <cmath>

#include "ui/network/neuron_colours.h"

namespace digitscope::ui {
namespace {

namespace colours = neuron_colours;

QString signedNumber(double value, int decimals = 2) {
    return (value >= 0 ? QStringLiteral("+") : QStringLiteral("−")) +
           QString::number(std::abs(value), 'f', decimals);
}

QString functionName(const core::NeuronArithmetic& n) {
    if (n.softmax) return QStringLiteral("softmax");
    switch (n.function) {
        case core::Activation::Relu:
            return QStringLiteral("ReLU");
        case core::Activation::Tanh:
            return QStringLiteral("tanh");
        case core::Activation::Sigmoid:
            return QStringLiteral("σ");
    }
    return {};
}

}  // namespace

ArithmeticView::ArithmeticView(QWidget* parent) : QWidget(parent) {
    setAttribute(Qt::WA_OpaquePaintEvent);
    m_hint = tr("Click a hidden or output neuron to see its arithmetic");
}

void ArithmeticView::setArithmetic(const core::NeuronArithmetic& arithmetic, int inputSide) {
    m_arithmetic = arithmetic;
    m_inputSide = inputSide;
    update();
}

void ArithmeticView::clear(const QString& hint) {
    m_arithmetic.reset();
    m_hint = hint;
    update();
}

QString ArithmeticView::title() const {
    if (!m_arithmetic) return m_hint;
    return m_arithmetic->output
               ? tr("Output neuron %1 (digit %1)").arg(m_arithmetic->unit)
               : tr("Hidden layer %1 · neuron %2").arg(m_arithmetic->layer).arg(m_arithmetic->unit);
}

QString ArithmeticView::inputName(int input) const {
    if (!m_arithmetic) return {};
    if (m_arithmetic->layer == 1)
        return m_inputSide > 0
                   ? tr("pixel (%1, %2)").arg(input % m_inputSide).arg(input / m_inputSide)
                   : tr("input %1").arg(input);
    return tr("h%1 · %2").arg(m_arithmetic->layer - 1).arg(input);
}

QString ArithmeticView::formula() const {
    if (!m_arithmetic) return {};
    const auto& n = *m_arithmetic;
    const QString inner = tr("w1·a1 + … + w%1·a%1 + b").arg(n.inputCount);
    if (n.softmax) return tr("z%1 = %2,  p%1 = e^z%1 / Σ e^zj").arg(n.unit).arg(inner);
    return tr("a = %1(%2)").arg(functionName(n), inner);
}

QString ArithmeticView::sumLine() const {
    if (!m_arithmetic) return {};
    const auto& n = *m_arithmetic;
    double up = n.otherPositive;
    double down = n.otherNegative;
    for (const auto& t : n.positive) up += t.product;
    for (const auto& t : n.negative) down += t.product;
    return tr("weighted sum z = %1 %2 %3 (bias) = %4")
        .arg(signedNumber(up), signedNumber(down), signedNumber(n.bias))
        .arg(static_cast<double>(n.weightedSum), 0, 'f', 2);
}

QString ArithmeticView::resultLine() const {
    if (!m_arithmetic) return {};
    const auto& n = *m_arithmetic;
    if (n.softmax)
        return tr("p%1 = e^(%2 − %3) / %4 = %5")
            .arg(n.unit)
            .arg(static_cast<double>(n.weightedSum), 0, 'f', 2)
            .arg(static_cast<double>(n.maxLogit), 0, 'f', 2)
            .arg(static_cast<double>(n.expSum), 0, 'f', 3)
            .arg(static_cast<double>(n.activation), 0, 'f', 3);
    return tr("%1(%2) = %3")
        .arg(functionName(n))
        .arg(static_cast<double>(n.weightedSum), 0, 'f', 2)
        .arg(static_cast<double>(n.activation), 0, 'f', 3);
}

void ArithmeticView::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), colours::kBackground);
    const QRectF area = QRectF(rect()).adjusted(10, 8, -10, -8);
    if (!m_arithmetic) {
        painter.setPen(colours::kMutedText);
        painter.drawText(area, Qt::AlignCenter | Qt::TextWordWrap, m_hint);
        return;
    }
    const auto& n = *m_arithmetic;
    const double line = QFontMetrics(font()).lineSpacing();
    QFont bold = font();
    bold.setBold(true);
    double y = area.top();
    auto text = [&](const QString& s, const QColor& colour, bool strong = false) {
        painter.setFont(strong ? bold : font());
        painter.setPen(colour);
        painter.drawText(QRectF(area.left(), y, area.width(), line),
                         Qt::AlignLeft | Qt::AlignVCenter,
                         QFontMetrics(painter.font())
                             .elidedText(s, Qt::ElideRight, static_cast<int>(area.width())));
        y += line;
    };
    text(title(), colours::kText, true);
    text(formula(), colours::kMutedText);
    y += 4;
    text(tr("Largest terms pushing up (w × a = product)"), colours::kPositive);
    y = paintTerms(painter, y, area, true);
    if (n.otherPositiveCount > 0)
        text(tr("… and %1 more pushing up, together %2")
                 .arg(n.otherPositiveCount)
                 .arg(signedNumber(n.otherPositive)),
             colours::kMutedText);
    text(tr("Largest terms pushing down"), colours::kNegative);
    y = paintTerms(painter, y, area, false);
    if (n.otherNegativeCount > 0)
        text(tr("… and %1 more pushing down, together %2")
                 .arg(n.otherNegativeCount)
                 .arg(signedNumber(n.otherNegative)),
             colours::kMutedText);
    text(tr("%1 of %2 terms are 0 (%3)")
             .arg(n.zeroTerms)
             .arg(n.inputCount)
             .arg(n.layer == 1 ? tr("blank pixels") : tr("silent neurons")),
         colours::kMutedText);
    y += 4;
    text(sumLine(), colours::kText);
    text(resultLine(), colours::kWinner, true);
    if (n.softmax) paintSoftmax(painter, y + 6, area);
}

double ArithmeticView::paintTerms(QPainter& painter, double top, const QRectF& area,
                                  bool positive) {
    const auto& n = *m_arithmetic;
    const auto& terms = positive ? n.positive : n.negative;
    const QFontMetrics metrics(font());
    const double line = metrics.lineSpacing();
    float scale = 1e-6f;
    for (const auto& t : n.positive) scale = std::max(scale, std::abs(t.product));
    for (const auto& t : n.negative) scale = std::max(scale, std::abs(t.product));
    // Columns: name | weight × activation | product | bar.
    const double nameWidth = metrics.horizontalAdvance(QStringLiteral("pixel (28, 28)  "));
    const double mathWidth = metrics.horizontalAdvance(QStringLiteral("−0.000 × 0.000 = "));
    const double productWidth = metrics.horizontalAdvance(QStringLiteral("−00.00 "));
    const double barLeft = area.left() + 8 + nameWidth + mathWidth + productWidth;
    const double barWidth = std::max(0.0, area.right() - barLeft);
    painter.setFont(font());
    for (const auto& t : terms) {
        const double x = area.left() + 8;
        painter.setPen(colours::kText);
        painter.drawText(QRectF(x, top, nameWidth, line), Qt::AlignLeft | Qt::AlignVCenter,
                         inputName(t.input));
        painter.setPen(colours::kMutedText);
        painter.drawText(QRectF(x + nameWidth, top, mathWidth, line),
                         Qt::AlignLeft | Qt::AlignVCenter,
                         QStringLiteral("%1 × %2 =")
                             .arg(signedNumber(t.weight, 3))
                             .arg(static_cast<double>(t.activation), 0, 'f', 2));
        const QColor colour = positive ? colours::kPositive : colours::kNegative;
        painter.setPen(colour);
        painter.drawText(QRectF(x + nameWidth + mathWidth, top, productWidth, line),
                         Qt::AlignRight | Qt::AlignVCenter, signedNumber(t.product));
        if (barWidth > 8)
            painter.fillRect(QRectF(barLeft + 6, top + line * 0.3,
                                    (barWidth - 6) * std::abs(t.product) / scale, line * 0.4),
                             colour);
        top += line;
    }
    if (terms.empty()) {
        painter.setPen(colours::kMutedText);
        painter.drawText(QRectF(area.left() + 8, top, area.width(), line),
                         Qt::AlignLeft | Qt::AlignVCenter, tr("none"));
        top += line;
    }
    return top;
}

void ArithmeticView::paintSoftmax(QPainter& painter, double top, const QRectF& area) {
    const auto& n = *m_arithmetic;
    const QFontMetrics metrics(font());
    const double line = metrics.lineSpacing();
    const int count = static_cast<int>(n.logits.size());
    if (count == 0) return;
    painter.setFont(font());
    painter.setPen(colours::kMutedText);
    painter.drawText(QRectF(area.left(), top, area.width(), line), Qt::AlignLeft,
                     tr("Softmax turns every digit's z into the probabilities shown:"));
    top += line + 2;
    const double labelWidth = metrics.horizontalAdvance(QStringLiteral("digit  "));
    const double column = (area.width() - labelWidth) / count;
    const char* rows[] = {"digit", "z", "p"};
    for (int r = 0; r < 3; ++r) {
        painter.setPen(colours::kMutedText);
        painter.drawText(QRectF(area.left(), top, labelWidth, line), Qt::AlignLeft,
                         QString::fromLatin1(rows[r]));
        for (int k = 0; k < count; ++k) {
            const double z = n.logits[static_cast<std::size_t>(k)];
            const double p = std::exp(z - n.maxLogit) / n.expSum;
            const QString value = r == 0   ? QString::number(k)
                                  : r == 1 ? QString::number(z, 'f', 1)
                                           : QString::number(p, 'f', 2);
            painter.setPen(k == n.unit ? colours::kWinner : colours::kText);
            painter.drawText(QRectF(area.left() + labelWidth + k * column, top, column, line),
                             Qt::AlignHCenter, value);
        }
        top += line;
    }
}

}  // namespace digitscope::ui
