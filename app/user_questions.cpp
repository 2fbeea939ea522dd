#include "app/user_questions.h"

#include <QFileDialog>
#include <QMessageBox>
#include <QObject>

namespace digitscope::app {

QString UserQuestions::openFileName(QWidget* parent, const QString& title, const QString& start,
                                    const QString& filter) {
    return QFileDialog::getOpenFileName(parent, title, start, filter);
}

QString UserQuestions::saveFileName(QWidget* parent, const QString& title, const QString& suggested,
                                    const QString& filter) {
    return QFileDialog::getSaveFileName(parent, title, suggested, filter);
}

QString UserQuestions::folder(QWidget* parent, const QString& title, const QString& start) {
    return QFileDialog::getExistingDirectory(parent, title, start);
}

UserQuestions::UnsavedChoice UserQuestions::unsavedChanges(QWidget* parent, const QString& what) {
    QMessageBox box(QMessageBox::Question, QObject::tr("Unsaved model"),
                    QObject::tr("The trained model “%1” is not saved.").arg(what),
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, parent);
    box.setInformativeText(QObject::tr("Save it before it is gone?"));
    box.setDefaultButton(QMessageBox::Save);
    switch (box.exec()) {
        case QMessageBox::Save:
            return UnsavedChoice::Save;
        case QMessageBox::Discard:
            return UnsavedChoice::Discard;
        default:
            return UnsavedChoice::Cancel;
    }
}

}  // namespace digitscope::app
