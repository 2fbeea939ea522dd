#include "session/training/run_names.h"

#include <gtest/gtest.h>

namespace digitscope::ui {
namespace {

TEST(RunNames, WordsKeepTheirNumbers) {
    EXPECT_EQ(runLabelWords(QStringLiteral("784-16-16-10 relu, adam lr 0.002, batch 32")),
              (QStringList{"784-16-16-10", "relu", "adam", "lr 0.002", "batch 32"}));
}

TEST(RunNames, OnlyWhatDiffersIsShown) {
    const QStringList names = shortRunNames({
        QStringLiteral("784-16-16-10 relu, adam lr 0.002, batch 32"),
        QStringLiteral("784-16-16-10 relu, adam lr 0.01, batch 32"),
        QStringLiteral("784-16-16-10 relu, sgd lr 0.01, batch 32"),
    });
    EXPECT_EQ(names, (QStringList{"adam lr 0.002", "adam lr 0.01", "sgd lr 0.01"}));
    EXPECT_EQ(shortRunNames({QStringLiteral("784-16-10 relu, adam lr 0.002, batch 32"),
                             QStringLiteral("784-128-10 relu, adam lr 0.002, batch 32")}),
              (QStringList{"784-16-10", "784-128-10"}));
}

TEST(RunNames, ALoneRunOrTwinsKeepTheirWholeLabel) {
    const QString label = QStringLiteral("784-16-16-10 relu, adam lr 0.002, batch 32");
    EXPECT_EQ(shortRunNames({label}), QStringList{label});
    // The chart makes twins unique with " (2)": a name of only "(2)" would say nothing.
    EXPECT_EQ(shortRunNames({label, label + QStringLiteral(" (2)")}),
              (QStringList{label, label + QStringLiteral(" (2)")}));
}

}  // namespace
}  // namespace digitscope::ui
