#pragma once

#include <QList>
#include <QWidget>

#include "session/training/training_config.h"

class QAction;
class QDoubleSpinBox;
class QListWidget;
class QPushButton;

namespace digitscope::ui {

// The training panel's list of stroke files trained on beside the dataset (the bundled pen
// data, a user's own digits): Add… and Remove, and the selected file's share of every batch.
class StrokeDataList : public QWidget {
    Q_OBJECT
public:
    explicit StrokeDataList(QWidget* parent = nullptr);

    QList<StrokeData> entries() const { return m_entries; }
    void setEntries(const QList<StrokeData>& entries);  // emits nothing

    // Adds the file with the default share (none when it is listed already); Add… asks for one.
    void add(const QString& path);

    // The user's own digits (ui/teaching's My digits): Add… then offers them (a checkable
    // entry) beside "Stroke file…"; listed as "My digits" when chosen. A set without drawings
    // cannot be chosen.
    void setMyDigits(const QString& path, int count);
    QString myDigitsPath() const { return m_myDigitsPath; }

signals:
    void changed();  // by the user: added, removed, or a share changed

private:
    void showEntries();
    void selectionChanged();
    void showMyDigits();
    void addFile();  // asks for a stroke file
    bool listed(const QString& path) const;

    QList<StrokeData> m_entries;
    QListWidget* m_list = nullptr;
    QPushButton* m_addButton = nullptr;
    QPushButton* m_removeButton = nullptr;
    QDoubleSpinBox* m_shareSpin = nullptr;
    QAction* m_myDigitsAction = nullptr;
    QString m_myDigitsPath;
    int m_myDigitsCount = 0;
};

}  // namespace digitscope::ui
