#pragma once

#include <QString>

class QWidget;

namespace digitscope::app {

// The questions the main window asks through dialogs: file names and "save your changes?".
// The window asks through this class only, so that tests can answer with a script instead of
// a modal dialog; the default answers come from Qt's standard dialogs.
class UserQuestions {
public:
    enum class UnsavedChoice { Save, Discard, Cancel };

    virtual ~UserQuestions() = default;

    // Empty when the user cancelled.
    virtual QString openFileName(QWidget* parent, const QString& title, const QString& start,
                                 const QString& filter);
    virtual QString saveFileName(QWidget* parent, const QString& title, const QString& suggested,
                                 const QString& filter);
    virtual QString folder(QWidget* parent, const QString& title, const QString& start);
    // `what` names the model whose changes would be lost ("784-16-16-10 relu, adam …").
    virtual UnsavedChoice unsavedChanges(QWidget* parent, const QString& what);
};

}  // namespace digitscope::app
