#pragma once

#include <Eigen/Core>
#include <QString>
#include <QWidget>
#include <optional>

#include "core/explain/saliency.h"

namespace digitscope::ui {

// What pushed the answer: the network's 28 x 28 input with each pixel's contribution to the
// margin between the answer and the runner-up laid over it, blue towards the answer and red
// towards the runner-up, twice: gradient x input (the local, linear account) and occlusion
// (what blanking the 3 x 3 patch around a pixel costs the answer). Values only: the window
// computes them (core::explainAnswer) on a worker and hands them here.
class SaliencyView : public QWidget {
    Q_OBJECT
public:
    explicit SaliencyView(QWidget* parent = nullptr);

    // input: what the saliency was computed for (784, row-major, ink = 1).
    void setSaliency(const core::AnswerSaliency& saliency, const Eigen::VectorXf& input);
    void clear(const QString& hint);
    bool hasSaliency() const { return m_saliency.has_value(); }
    const core::AnswerSaliency& saliency() const { return *m_saliency; }
    QString title() const;  // "Why 3 and not 5?", or the hint

    QSize sizeHint() const override { return {380, 330}; }
    QSize minimumSizeHint() const override { return {220, 200}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    void paintMap(QPainter& painter, const QRectF& box, const Eigen::VectorXf& values,
                  const QString& caption);

    std::optional<core::AnswerSaliency> m_saliency;
    Eigen::VectorXf m_input;
    QString m_hint;
};

}  // namespace digitscope::ui
