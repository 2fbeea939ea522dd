#include "ui/teaching/my_digits_panel.h"

#include <QComboBox>
#include <QDir>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPainter>
#include <QPainterPath>
#include <QPushButton>
#include <QVBoxLayout>
#include <algorithm>

namespace digitscope::ui {

MyDigitsPanel::MyDigitsPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    m_summary = new QLabel;
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);
    m_list = new QListWidget;
    m_list->setObjectName(QStringLiteral("myDigitsList"));
    m_list->setViewMode(QListView::IconMode);
    m_list->setIconSize(QSize(56, 56));
    m_list->setGridSize(QSize(96, 100));
    m_list->setResizeMode(QListView::Adjust);
    m_list->setMovement(QListView::Static);
    m_list->setWordWrap(true);
    layout->addWidget(m_list, 1);

    auto* buttons = new QHBoxLayout;
    m_label = new QComboBox;
    for (int digit = 0; digit <= 9; ++digit) m_label->addItem(QString::number(digit));
    m_relabel = new QPushButton(tr("Relabel as"));
    m_remove = new QPushButton(tr("Delete"));
    m_export = new QPushButton(tr("Export…"));
    buttons->addWidget(m_relabel);
    buttons->addWidget(m_label);
    buttons->addStretch();
    buttons->addWidget(m_remove);
    buttons->addWidget(m_export);
    layout->addLayout(buttons);

    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0) m_label->setCurrentIndex(m_list->item(row)->data(Qt::UserRole).toInt());
        updateButtons();
    });
    connect(m_relabel, &QPushButton::clicked, this, [this] {
        if (selectedIndex() >= 0) emit relabelRequested(selectedIndex(), m_label->currentIndex());
    });
    connect(m_remove, &QPushButton::clicked, this, [this] {
        if (selectedIndex() >= 0) emit removeRequested(selectedIndex());
    });
    connect(m_export, &QPushButton::clicked, this, &MyDigitsPanel::exportRequested);
    updateButtons();
}

QImage MyDigitsPanel::thumbnail(const core::Drawing& drawing, int side) {
    QImage image(side, side, QImage::Format_RGB32);
    image.fill(Qt::white);
    if (drawing.isImage()) {
        // A digit kept as the image the network read: dark ink on white, smoothly scaled.
        QImage pixels(core::Drawing::kImageSide, core::Drawing::kImageSide,
                      QImage::Format_Grayscale8);
        for (int y = 0; y < core::Drawing::kImageSide; ++y)
            for (int x = 0; x < core::Drawing::kImageSide; ++x)
                pixels.scanLine(y)[x] = static_cast<uchar>(
                    255 - drawing.image[std::size_t(y * core::Drawing::kImageSide + x)]);
        QPainter painter(&image);
        painter.setRenderHint(QPainter::SmoothPixmapTransform);
        painter.drawImage(QRect(0, 0, side, side), pixels);
        return image;
    }
    // The ink's bounding box, fitted into the square with a margin.
    double left = 1e9, top = 1e9, right = -1e9, bottom = -1e9;
    for (const core::Stroke& stroke : drawing.strokes)
        for (const core::Point& p : stroke.points) {
            left = std::min(left, p.x), right = std::max(right, p.x);
            top = std::min(top, p.y), bottom = std::max(bottom, p.y);
        }
    if (right < left) return image;
    const double extent = std::max({right - left, bottom - top, 1.0});
    const double scale = (side * 0.8) / extent;
    const QPointF offset((side - (right - left) * scale) / 2, (side - (bottom - top) * scale) / 2);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(
        QPen(Qt::black, std::max(1.5, side / 14.0), Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    for (const core::Stroke& stroke : drawing.strokes) {
        QPainterPath path;
        for (std::size_t i = 0; i < stroke.points.size(); ++i) {
            const QPointF p =
                offset + QPointF(stroke.points[i].x - left, stroke.points[i].y - top) * scale;
            if (i == 0)
                path.moveTo(p);
            else
                path.lineTo(p);
        }
        if (stroke.points.size() == 1) painter.drawPoint(path.currentPosition());
        painter.drawPath(path);
    }
    return image;
}

void MyDigitsPanel::setEntries(const std::vector<MyDigits::Entry>& entries, const QString& file) {
    const int keep = m_list->currentRow();
    m_list->clear();
    QHash<QByteArray, QIcon> shown;
    for (const MyDigits::Entry& entry : entries) {
        const QString date = entry.added.isValid()
                                 ? entry.added.toLocalTime().toString(QStringLiteral("d MMM HH:mm"))
                                 : tr("no date");
        auto* item = new QListWidgetItem(thumbnailIcon(entry.drawing, shown),
                                         tr("%1 · %2").arg(entry.drawing.label).arg(date));
        item->setData(Qt::UserRole, entry.drawing.label);
        m_list->addItem(item);
    }
    m_summary->setText(
        tr("%1 you corrected, kept in %2 (a stroke dataset: "
           "digitscope-cli finetune --strokes reads it).")
            .arg(entries.size() == 1 ? tr("1 drawing") : tr("%1 drawings").arg(entries.size()))
            .arg(QDir::toNativeSeparators(file)));
    if (keep >= 0 && keep < m_list->count()) m_list->setCurrentRow(keep);
    m_thumbnails = std::move(shown);  // only what is shown now
    updateButtons();
}

QIcon MyDigitsPanel::thumbnailIcon(const core::Drawing& drawing, QHash<QByteArray, QIcon>& shown) {
    QByteArray key;
    const auto append = [&key](const auto& value) {
        key.append(reinterpret_cast<const char*>(&value), sizeof value);
    };
    append(drawing.width);
    append(drawing.height);
    append(drawing.penWidth);
    key.append(reinterpret_cast<const char*>(drawing.image.data()),
               static_cast<qsizetype>(drawing.image.size()));
    for (const core::Stroke& stroke : drawing.strokes) {
        append(stroke.points.size());
        key.append(reinterpret_cast<const char*>(stroke.points.data()),
                   static_cast<qsizetype>(stroke.points.size() * sizeof(core::Point)));
    }
    auto found = m_thumbnails.constFind(key);
    const QIcon icon = found != m_thumbnails.constEnd()
                           ? *found
                           : QIcon(QPixmap::fromImage(thumbnail(drawing, 56)));
    shown.insert(key, icon);
    return icon;
}

int MyDigitsPanel::selectedIndex() const {
    return m_list->currentRow();
}

void MyDigitsPanel::select(int index) {
    m_list->setCurrentRow(index);
}

void MyDigitsPanel::updateButtons() {
    const bool selected = m_list->currentRow() >= 0;
    m_relabel->setEnabled(selected);
    m_label->setEnabled(selected);
    m_remove->setEnabled(selected);
    m_export->setEnabled(m_list->count() > 0);
}

}  // namespace digitscope::ui
