#include "app/theme.h"

#include <QApplication>
#include <QPalette>
#include <QStyleFactory>

namespace digitscope::app {

void applyDarkTheme(QApplication& application) {
    application.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    const QColor window(0x1d, 0x21, 0x28);
    const QColor base(0x16, 0x19, 0x1f);
    const QColor alternate(0x22, 0x27, 0x2f);
    const QColor text(0xe4, 0xe6, 0xea);
    const QColor disabled(0x7b, 0x84, 0x93);
    const QColor button(0x2a, 0x30, 0x3a);
    const QColor highlight(0x3f, 0x7f, 0xd9);

    QPalette palette;
    palette.setColor(QPalette::Window, window);
    palette.setColor(QPalette::WindowText, text);
    palette.setColor(QPalette::Base, base);
    palette.setColor(QPalette::AlternateBase, alternate);
    palette.setColor(QPalette::ToolTipBase, QColor(0x2a, 0x30, 0x3a));
    palette.setColor(QPalette::ToolTipText, text);
    palette.setColor(QPalette::PlaceholderText, disabled);
    palette.setColor(QPalette::Text, text);
    palette.setColor(QPalette::Button, button);
    palette.setColor(QPalette::ButtonText, text);
    palette.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    palette.setColor(QPalette::Link, QColor(0x6f, 0xa8, 0xff));
    palette.setColor(QPalette::Highlight, highlight);
    palette.setColor(QPalette::HighlightedText, Qt::white);
    palette.setColor(QPalette::Light, QColor(0x3a, 0x41, 0x4d));
    palette.setColor(QPalette::Midlight, QColor(0x30, 0x36, 0x41));
    palette.setColor(QPalette::Mid, QColor(0x26, 0x2b, 0x33));
    palette.setColor(QPalette::Dark, QColor(0x12, 0x14, 0x19));
    palette.setColor(QPalette::Shadow, Qt::black);
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        palette.setColor(QPalette::Disabled, role, disabled);
    palette.setColor(QPalette::Disabled, QPalette::Highlight, QColor(0x3a, 0x41, 0x4d));
    application.setPalette(palette);
}

}  // namespace digitscope::app
