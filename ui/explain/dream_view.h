#pragma once

#include <QString>
#include <QWidget>
#include <optional>

#include "core/explain/dream.h"

namespace digitscope::ui {

// Two dreams of one neuron side by side: the input that excites it most with regularisation
// (something like strokes) and without (noise), each with what the network answers for it and
// the neuron's activation before and after. Values only: the window dreams on a worker.
class DreamView : public QWidget {
    Q_OBJECT
public:
    struct Dreams {
        QString neuron;  // "output 5 (digit 5)", "hidden 1 · neuron 3"
        core::Dream regularised;
        core::Dream noise;
        double milliseconds = 0;  // both together, on the worker
    };

    explicit DreamView(QWidget* parent = nullptr);

    void setDreams(Dreams dreams);
    void clear(const QString& hint);
    bool hasDreams() const { return m_dreams.has_value(); }
    const Dreams& dreams() const { return *m_dreams; }
    static QString answer(const core::Dream& dream);  // "answered 5 · 99.9%"

    QSize sizeHint() const override { return {380, 300}; }
    QSize minimumSizeHint() const override { return {220, 180}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    void paintDream(QPainter& painter, const QRectF& box, const core::Dream& dream,
                    const QString& caption);

    std::optional<Dreams> m_dreams;
    QString m_hint;
};

}  // namespace digitscope::ui
