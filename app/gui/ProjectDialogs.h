// Dialogs for creating a project and importing real images.
#pragma once

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;

class NewProjectDialog : public QDialog
{
    Q_OBJECT

public:
    explicit NewProjectDialog(QWidget *parent = nullptr);

    QString projectName() const;
    QString folder() const;
    QString classSpec() const; // built-in id or a file path
    bool importFashionMnist() const;

private:
    void updateState();

    QLineEdit *m_name;
    QLineEdit *m_folder;
    QComboBox *m_classes;
    QLineEdit *m_classFile;
    QCheckBox *m_importFashion;
    QLabel *m_hint;
};

class ImportDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ImportDialog(QWidget *parent = nullptr);

    QString source() const;
    QString split() const; // empty: from the folder names
    QString datasetName() const;
    bool copyFiles() const;

private:
    QLineEdit *m_source;
    QComboBox *m_split;
    QLineEdit *m_dataset;
    QCheckBox *m_copy;
};
