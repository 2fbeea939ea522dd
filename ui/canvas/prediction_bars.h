#pragma once

#include <Eigen/Core>
#include <QRectF>
#include <QString>
#include <QWidget>
#include <vector>

namespace digitscope::ui {

// Ten bars, one per digit, with the winner highlighted and the verdict in words
// ("4 — 97% sure"). Outputs that do not sum to one (sigmoid outputs) are shown as shares of
// their sum. With nothing drawn it shows a neutral hint instead. When the digit gate says the
// input is no digit at all (setUnsure), the verdict says so instead of a guess; the bars stay.
class PredictionBars : public QWidget {
    Q_OBJECT
public:
    explicit PredictionBars(QWidget* parent = nullptr);

    // outputs: the network's output layer for one input (10 values, >= 0).
    void setProbabilities(const Eigen::VectorXf& outputs);
    // The gate's answer for those outputs (a new prediction starts sure); the verdict then says
    // "Doesn't look like a digit". Ignored without a prediction.
    void setUnsure(bool unsure);
    void clear();

    bool hasPrediction() const { return m_shares.size() > 0; }
    int predictedDigit() const { return m_winner; }             // -1 without a prediction
    double confidence() const;                                  // the winner's share, 0 without one
    const Eigen::VectorXf& shares() const { return m_shares; }  // sum to one
    QString verdict() const;                                    // "4 — 97% sure", or the hint
    bool isUnsure() const { return m_unsure; }

    // The digit whose column (bar or label) holds `point`; -1 above the bars or off the widget.
    int digitAt(QPoint point) const;

    // The percentages over the bars (the winner's, and each share of 5% or more) where they are
    // drawn: over their bars, but never over one another. In a narrow panel a label that would
    // cover a neighbour's goes up above it, or is left out when there is no room (the winner's
    // never is).
    struct PercentLabel {
        int digit = 0;
        QString text;  // "47%"
        QRectF box;
    };
    std::vector<PercentLabel> percentLabels() const;

    QSize sizeHint() const override { return {400, 190}; }
    QSize minimumSizeHint() const override { return {200, 140}; }

signals:
    // A click on a digit's bar or label while there is a prediction: "it is this digit".
    void digitClicked(int digit);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

private:
    // Where things go at the widget's size: the verdict's line, the bars' column.
    struct Geometry {
        QRect headline;
        int top = 0;     // of the bars' tracks
        int bottom = 0;  // of the bars' tracks, above the digit labels
        double slot = 0;
        double barWidth = 0;
    };
    Geometry geometry() const;
    int barHeight(int digit, int trackHeight) const;

    Eigen::VectorXf m_shares;
    int m_winner = -1;
    int m_runnerUp = -1;
    bool m_unsure = false;
};

}  // namespace digitscope::ui
