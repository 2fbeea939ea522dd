#include "ui/training/rate_spin_box.h"

#include <QLocale>

namespace digitscope::ui {
namespace {

// The number in the text, or NaN.
double typedNumber(const QLocale& locale, QString text) {
    bool ok = false;
    const double value = locale.toDouble(text.trimmed(), &ok);
    return ok ? value : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace

RateSpinBox::RateSpinBox(QWidget* parent) : QDoubleSpinBox(parent) {}

QValidator::State RateSpinBox::validate(QString& text, int& position) const {
    const QValidator::State state = QDoubleSpinBox::validate(text, position);
    if (state != QValidator::Invalid) return state;
    // Above the maximum: let it be typed, fixup() says what happens to it.
    return typedNumber(locale(), text) > maximum() ? QValidator::Intermediate : state;
}

void RateSpinBox::fixup(QString& text) const {
    const double typed = typedNumber(locale(), text);
    if (typed > maximum()) {
        text = textFromValue(maximum());
        emit const_cast<RateSpinBox*>(this)->limitHit(typed, maximum());
        return;
    }
    QDoubleSpinBox::fixup(text);
}

}  // namespace digitscope::ui
