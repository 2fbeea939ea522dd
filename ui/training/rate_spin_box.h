#pragma once

#include <QDoubleSpinBox>

namespace digitscope::ui {

// A spin box for the learning rate that says when a typed value is beyond its range: a plain
// QDoubleSpinBox refuses the key that would pass the maximum, so typing 100 silently gave 10.
// Here the text may pass the maximum while typing; when editing ends it becomes the maximum and
// limitHit tells the form, which says so.
class RateSpinBox : public QDoubleSpinBox {
    Q_OBJECT
public:
    explicit RateSpinBox(QWidget* parent = nullptr);

    QValidator::State validate(QString& text, int& position) const override;
    void fixup(QString& text) const override;

signals:
    void limitHit(double typed, double limit);
};

}  // namespace digitscope::ui
