#pragma once

#include <QImage>
#include <QString>
#include <QWidget>
#include <cstdint>
#include <vector>

#include "ui/network/gallery_layout.h"

namespace digitscope::ui {

// Small dataset digits in a grid, each with a caption ("#1234 · 5 87%"); many are paged (the
// wheel turns pages). Clicking one announces its dataset index.
class DigitGallery : public QWidget {
    Q_OBJECT
public:
    struct Item {
        std::int64_t index = 0;  // in the dataset
        QImage image;            // the digit, any size (drawn scaled, nearest neighbour)
        QString caption;
    };

    explicit DigitGallery(QWidget* parent = nullptr);

    void setItems(std::vector<Item> items, const QString& title);
    const std::vector<Item>& items() const { return m_items; }
    int page() const { return m_page; }
    int pages();
    const GalleryLayout& galleryLayout();

    QSize sizeHint() const override { return {380, 220}; }
    QSize minimumSizeHint() const override { return {200, 100}; }

signals:
    void digitClicked(std::int64_t index);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    std::vector<Item> m_items;
    QString m_title;
    GalleryLayout m_layout;
    bool m_layoutValid = false;
    int m_page = 0;
    int m_hovered = -1;
};

}  // namespace digitscope::ui
