#include "ui/teaching/my_digits_panel.h"

#include <gtest/gtest.h>

#include <QComboBox>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>

namespace digitscope::ui {
namespace {

MyDigits::Entry entry(int label) {
    MyDigits::Entry e;
    e.drawing.strokes.push_back({{{100, 50}, {110, 350}}});
    e.drawing.label = label;
    e.added = QDateTime::fromString("2026-11-30T12:00:00Z", Qt::ISODate);
    return e;
}

QPushButton* button(MyDigitsPanel& panel, const QString& text) {
    for (QPushButton* b : panel.findChildren<QPushButton*>())
        if (b->text() == text) return b;
    return nullptr;
}

TEST(MyDigitsPanel, ShowsEachDrawingAndAsksForChangesOfTheSelectedOne) {
    MyDigitsPanel panel;
    panel.setEntries({entry(3), entry(8)}, QStringLiteral("/tmp/my-digits.jsonl"));
    auto* list = panel.findChild<QListWidget*>(QStringLiteral("myDigitsList"));
    ASSERT_EQ(list->count(), 2);
    EXPECT_TRUE(list->item(1)->text().startsWith(QStringLiteral("8 · ")));
    QPushButton* relabel = button(panel, MyDigitsPanel::tr("Relabel as"));
    QPushButton* remove = button(panel, MyDigitsPanel::tr("Delete"));
    ASSERT_TRUE(relabel && remove);
    EXPECT_FALSE(relabel->isEnabled());  // nothing selected yet

    QSignalSpy relabelled(&panel, &MyDigitsPanel::relabelRequested);
    QSignalSpy removed(&panel, &MyDigitsPanel::removeRequested);
    panel.select(1);
    auto* label = panel.findChild<QComboBox*>();
    EXPECT_EQ(label->currentIndex(), 8);  // the selected drawing's label
    label->setCurrentIndex(5);
    relabel->click();
    remove->click();
    ASSERT_EQ(relabelled.count(), 1);
    EXPECT_EQ(relabelled.front(), (QList<QVariant>{1, 5}));
    ASSERT_EQ(removed.count(), 1);
    EXPECT_EQ(removed.front().front().toInt(), 1);

    // The thumbnail has ink where the stroke is, and only there.
    const QImage picture = MyDigitsPanel::thumbnail(entry(1).drawing, 56);
    EXPECT_LT(qGray(picture.pixel(28, 28)), 128);
    EXPECT_EQ(qGray(picture.pixel(2, 28)), 255);
}

TEST(MyDigitsPanel, ShowingOneMoreDrawingReusesTheOtherThumbnails) {
    MyDigits::Entry other = entry(7);
    other.drawing.strokes.front().points.push_back({300, 300});
    MyDigitsPanel panel;
    panel.setEntries({entry(3), other}, QStringLiteral("/tmp/my-digits.jsonl"));
    auto* list = panel.findChild<QListWidget*>(QStringLiteral("myDigitsList"));
    ASSERT_EQ(list->count(), 2);
    const qint64 first = list->item(0)->icon().cacheKey();
    const qint64 second = list->item(1)->icon().cacheKey();
    EXPECT_NE(first, second);               // other strokes, another picture
    MyDigits::Entry relabelled = entry(5);  // the same strokes as the first
    panel.setEntries({relabelled, other, entry(1)}, QStringLiteral("/tmp/my-digits.jsonl"));
    ASSERT_EQ(list->count(), 3);
    EXPECT_EQ(list->item(0)->icon().cacheKey(), first);
    EXPECT_EQ(list->item(1)->icon().cacheKey(), second);
    EXPECT_TRUE(list->item(0)->text().startsWith(QStringLiteral("5 · ")));
}

}  // namespace
}  // namespace digitscope::ui
