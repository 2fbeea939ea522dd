#pragma once

#include <QString>
#include <QWidget>
#include <optional>

#include "core/explain/neuron_arithmetic.h"

namespace digitscope::ui {

// One neuron's arithmetic with the real numbers, as in the video: activation = f(w1·a1 + … +
// wn·an + b), the weighted sum split into its largest positive and negative terms (input,
// weight × activation = product, with a bar), the rest summed, the bias, the function and the
// result; for a softmax output, every digit's weighted sum and probability. Values only
// (core::explainNeuron); input names follow the network view (pixels, then neurons).
class ArithmeticView : public QWidget {
    Q_OBJECT
public:
    explicit ArithmeticView(QWidget* parent = nullptr);

    // inputSide: the input image's side (28), 0 when the input is not square.
    void setArithmetic(const core::NeuronArithmetic& arithmetic, int inputSide);
    void clear(const QString& hint);
    bool hasArithmetic() const { return m_arithmetic.has_value(); }
    QString title() const;
    QString formula() const;             // "a = ReLU(w1·a1 + … + w784·a784 + b)"
    QString sumLine() const;             // the sum with its parts, "= 0.90"
    QString resultLine() const;          // "ReLU(0.90) = 0.90", or the softmax
    QString inputName(int input) const;  // "pixel (12, 7)" / "h1 · 5"

    QSize sizeHint() const override { return {380, 520}; }
    QSize minimumSizeHint() const override { return {260, 260}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    double paintTerms(QPainter& painter, double top, const QRectF& area, bool positive);
    void paintSoftmax(QPainter& painter, double top, const QRectF& area);

    std::optional<core::NeuronArithmetic> m_arithmetic;
    int m_inputSide = 0;
    QString m_hint;
};

}  // namespace digitscope::ui
