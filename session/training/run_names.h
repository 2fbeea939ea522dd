#pragma once

#include <QStringList>

namespace digitscope::ui {

// Short names for runs to compare: of each label ("784-16-16-10 relu, adam lr 0.002, batch 32")
// only the words in which the runs differ ("lr 0.002" beside "lr 0.01"); a number keeps the
// word before it ("batch 32"). A label alone, or one that differs from the others in nothing
// but the " (2)" of twins, stays whole; so do runs whose short names would be equal.
QStringList shortRunNames(const QStringList& labels);

// The words of a label as shortRunNames compares them: "adam", "lr 0.002", "(2)".
QStringList runLabelWords(const QString& label);

}  // namespace digitscope::ui
