#include "ui/training/stroke_data_list.h"

#include <QAction>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QSignalBlocker>
#include <QVBoxLayout>
#include <algorithm>

namespace digitscope::ui {

StrokeDataList::StrokeDataList(QWidget* parent) : QWidget(parent) {
    m_list = new QListWidget;
    m_list->setObjectName(QStringLiteral("strokeDataList"));
    // Four lines, and never below the list's own minimum: the form scrolls instead.
    m_list->setMaximumHeight(
        std::max(m_list->fontMetrics().height() * 4, m_list->minimumSizeHint().height()));
    m_list->setToolTip(
        tr("Pen-drawn digits trained on beside the dataset, each with its share of every "
           "batch. Each epoch draws them anew, slightly turned, slanted and wobbled, with the "
           "pad's own pen. They are digits: remove them for other datasets."));
    m_addButton = new QPushButton(tr("Add…"));
    m_addButton->setObjectName(QStringLiteral("addStrokeDataButton"));
    m_addButton->setToolTip(tr("A stroke file: JSON Lines with \"label\" on every line"));
    m_removeButton = new QPushButton(tr("Remove"));
    m_removeButton->setObjectName(QStringLiteral("removeStrokeDataButton"));
    m_shareSpin = new QDoubleSpinBox;
    m_shareSpin->setObjectName(QStringLiteral("strokeShareSpin"));
    m_shareSpin->setRange(0.05, StrokeData::kMaxShare);
    m_shareSpin->setSingleStep(0.05);
    m_shareSpin->setDecimals(2);
    m_shareSpin->setToolTip(tr("The selected file's share of every batch"));

    // Add… is a plain button until My digits are known (setMyDigits), then a menu.
    m_myDigitsAction = new QAction(tr("My digits"), this);
    m_myDigitsAction->setObjectName(QStringLiteral("myDigitsDataAction"));
    m_myDigitsAction->setCheckable(true);
    connect(m_myDigitsAction, &QAction::toggled, this, [this](bool on) {
        if (m_myDigitsPath.isEmpty() || on == listed(m_myDigitsPath)) return;
        if (on) return add(m_myDigitsPath);
        m_entries.removeIf([this](const StrokeData& e) { return e.path == m_myDigitsPath; });
        showEntries();
        emit changed();
    });

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(new QLabel(tr("Pen data")));
    buttons->addStretch();
    buttons->addWidget(new QLabel(tr("share")));
    buttons->addWidget(m_shareSpin);
    buttons->addWidget(m_addButton);
    buttons->addWidget(m_removeButton);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(buttons);
    layout->addWidget(m_list);

    connect(m_addButton, &QPushButton::clicked, this, &StrokeDataList::addFile);
    connect(m_removeButton, &QPushButton::clicked, this, [this] {
        const int row = m_list->currentRow();
        if (row < 0 || row >= m_entries.size()) return;
        m_entries.removeAt(row);
        showEntries();
        emit changed();
    });
    connect(m_list, &QListWidget::currentRowChanged, this, &StrokeDataList::selectionChanged);
    connect(m_shareSpin, &QDoubleSpinBox::valueChanged, this, [this](double share) {
        const int row = m_list->currentRow();
        if (row < 0 || row >= m_entries.size() || m_entries[row].share == share) return;
        m_entries[row].share = share;
        showEntries();
        emit changed();
    });
    showEntries();
}

void StrokeDataList::setEntries(const QList<StrokeData>& entries) {
    m_entries = entries;
    showEntries();
}

void StrokeDataList::addFile() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Add pen data"), QString(),
                                                      tr("Stroke files (*.jsonl *.jsonl.gz)"));
    if (!path.isEmpty()) add(path);
}

bool StrokeDataList::listed(const QString& path) const {
    return std::any_of(m_entries.begin(), m_entries.end(),
                       [&](const StrokeData& entry) { return entry.path == path; });
}

void StrokeDataList::setMyDigits(const QString& path, int count) {
    m_myDigitsPath = path;
    m_myDigitsCount = count;
    if (!path.isEmpty() && !m_addButton->menu()) {
        auto* menu = new QMenu(m_addButton);
        menu->addAction(m_myDigitsAction);
        menu->addAction(tr("Stroke file…"), this, &StrokeDataList::addFile);
        m_addButton->setMenu(menu);
        m_addButton->setText(tr("Add"));
    }
    showEntries();
}

void StrokeDataList::showMyDigits() {
    const QSignalBlocker blocker(m_myDigitsAction);
    const bool chosen = !m_myDigitsPath.isEmpty() && listed(m_myDigitsPath);
    m_myDigitsAction->setChecked(chosen);
    m_myDigitsAction->setText(m_myDigitsCount == 1
                                  ? tr("My digits (1 drawing)")
                                  : tr("My digits (%1 drawings)").arg(m_myDigitsCount));
    // Once chosen it can always be unchosen; an empty set cannot be chosen.
    m_myDigitsAction->setEnabled(chosen || m_myDigitsCount > 0);
    m_myDigitsAction->setToolTip(
        m_myDigitsCount > 0
            ? tr("Train on your own %1 drawings from My digits too (%2)")
                  .arg(m_myDigitsCount)
                  .arg(m_myDigitsPath)
            : tr("My digits is empty: correct a drawing (press its digit) to add one"));
}

void StrokeDataList::add(const QString& path) {
    if (listed(path)) return;
    m_entries.append({path, StrokeData::kDefaultShare});
    showEntries();
    m_list->setCurrentRow(static_cast<int>(m_entries.size()) - 1);
    emit changed();
}

void StrokeDataList::showEntries() {
    const QSignalBlocker blocker(m_list);
    const int row = m_list->currentRow();
    m_list->clear();
    for (const StrokeData& entry : m_entries) {
        const bool mine = !m_myDigitsPath.isEmpty() && entry.path == m_myDigitsPath;
        auto* item =
            new QListWidgetItem(tr("%1 · %2% of each batch")
                                    .arg(mine ? tr("My digits") : QFileInfo(entry.path).fileName())
                                    .arg(qRound(entry.share * 100)));
        item->setToolTip(entry.path);
        m_list->addItem(item);
    }
    if (m_entries.isEmpty()) m_list->addItem(tr("none: the dataset alone"));
    m_list->setCurrentRow(std::min(row, static_cast<int>(m_entries.size()) - 1));
    selectionChanged();
    showMyDigits();
}

void StrokeDataList::selectionChanged() {
    const int row = m_list->currentRow();
    const bool selected = row >= 0 && row < m_entries.size();
    m_removeButton->setEnabled(selected);
    m_shareSpin->setEnabled(selected);
    const QSignalBlocker blocker(m_shareSpin);
    m_shareSpin->setValue(selected ? m_entries[row].share : StrokeData::kDefaultShare);
}

}  // namespace digitscope::ui
