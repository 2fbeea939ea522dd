#pragma once

#include <QHash>
#include <QIcon>
#include <QWidget>
#include <vector>

#include "session/teaching/my_digits.h"

class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;

namespace digitscope::ui {

// The My digits gallery: a thumbnail, the label and the date of each drawing, and what can be
// done with them (relabel, delete, export). It only shows entries and asks for changes through
// signals; the window changes the MyDigits set and shows it again.
class MyDigitsPanel : public QWidget {
    Q_OBJECT
public:
    explicit MyDigitsPanel(QWidget* parent = nullptr);

    // Thumbnails of drawings already shown are reused: a correction adds one entry to a set of
    // hundreds, whose thumbnails took ~0.3 ms each to draw again on the GUI thread.
    void setEntries(const std::vector<MyDigits::Entry>& entries, const QString& file);
    int selectedIndex() const;  // -1: none
    void select(int index);

    // A picture of the drawing's strokes, `side` pixels square, dark ink on white.
    static QImage thumbnail(const core::Drawing& drawing, int side);

signals:
    void relabelRequested(int index, int label);
    void removeRequested(int index);
    void exportRequested();

private:
    void updateButtons();
    // The thumbnail of a drawing's strokes (not its label), from m_thumbnails when there.
    QIcon thumbnailIcon(const core::Drawing& drawing, QHash<QByteArray, QIcon>& shown);

    QListWidget* m_list = nullptr;
    QComboBox* m_label = nullptr;
    QPushButton* m_relabel = nullptr;
    QPushButton* m_remove = nullptr;
    QPushButton* m_export = nullptr;
    QLabel* m_summary = nullptr;
    QHash<QByteArray, QIcon> m_thumbnails;  // by the drawing's size, pen and points
};

}  // namespace digitscope::ui
