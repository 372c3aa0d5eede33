// The prompt editor panel, offscreen: edit, preview, undo/redo, and what reaches the project.
#include "ClassTable.h"
#include "ProjectSession.h"
#include "PromptEditor.h"
#include "SynsetBrowser.h"
#include "SynsetDetails.h"
#include "WordListDialog.h"

#include "classes/ClassList.h"
#include "project/DefaultProject.h"
#include "project/Project.h"
#include "wordnet/WordNet.h"

#include <QAction>
#include <QApplication>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using namespace synset;

class TestPromptEditor : public QObject
{
    Q_OBJECT

private:
    static std::unique_ptr<Project> openProject(const QString &dir)
    {
        if (Project::exists(dir.toStdString())) {
            Result<std::unique_ptr<Project>> p = Project::open(dir.toStdString());
            return p ? std::move(*p) : nullptr;
        }
        Result<std::shared_ptr<const WordNet>> wn = WordNet::shared();
        Result<ClassList> classes = classlists::load("fashion-mnist", **wn);
        Result<std::unique_ptr<Project>> p =
            Project::create(dir.toStdString(), *classes, "Editor test");
        return p ? std::move(*p) : nullptr;
    }

    static void typeInto(PromptEditor &editor, const QString &text)
    {
        auto *edit = editor.findChild<QPlainTextEdit *>("templateText");
        QVERIFY(edit);
        edit->selectAll();
        QTest::keyClick(edit, Qt::Key_Delete);
        QTest::keyClicks(edit, text);
    }

private slots:
    void editUndoRedoPersisted()
    {
        QTemporaryDir tmp;
        const QString dir = tmp.path() + "/proj";
        const QString shirt = "n04197391";
        {
            ProjectSession session;
            session.setProject(openProject(dir));
            PromptEditor editor(&session);
            editor.resize(900, 600);
            editor.show();
            editor.setSynset(shirt);
            QVERIFY(!editor.isOverrideScope());
            QCOMPARE(editor.editorText(), QString("{name}, {hypernym}"));
            // One combination: listed once, not eight times.
            QCOMPARE(editor.previewPrompts(), QStringList{"Shirt, garment"});

            // Make an override for this synset and type a template into it.
            editor.setOverrideScope(true);
            QVERIFY(session.promptOverride(shirt).has_value());
            typeInto(editor, "a photo of a {name}, {hypernym} in {background}");
            // The preview follows the text before it is saved.
            QCOMPARE(editor.previewPrompts().size(), 8);
            for (const QString &p : editor.previewPrompts())
                QVERIFY2(p.startsWith("a photo of a Shirt, garment in "), qPrintable(p));
            QVERIFY(editor.statusText().contains("Distinct prompts: 42"));
            QSignalSpy saved(&editor, &PromptEditor::saved);
            QVERIFY(saved.wait(600000)); // saved by itself after the typing pause
            QCOMPARE(*session.promptOverride(shirt),
                     QString("a photo of a {name}, {hypernym} in {background}"));

            // A broken template is shown, not saved.
            typeInto(editor, "a {name");
            editor.commitPendingEdit();
            QVERIFY(editor.statusText().contains("never closed"));
            QCOMPARE(*session.promptOverride(shirt),
                     QString("a photo of a {name}, {hypernym} in {background}"));
            typeInto(editor, "a photo of a {name}, {hypernym} in {background}");
            editor.commitPendingEdit();

            // Ctrl+Z goes back through the saved states: first the override's text...
            QVERIFY(editor.undoAction()->isEnabled());
            editor.undoAction()->trigger();
            QCOMPARE(*session.promptOverride(shirt), QString("{name}, {hypernym}"));
            QCOMPARE(editor.editorText(), QString("{name}, {hypernym}"));
            // ...then the override itself.
            editor.undoAction()->trigger();
            QVERIFY(!session.promptOverride(shirt).has_value());
            QVERIFY(!editor.isOverrideScope());
            // Redo twice restores both.
            editor.redoAction()->trigger();
            editor.redoAction()->trigger();
            QCOMPARE(*session.promptOverride(shirt),
                     QString("a photo of a {name}, {hypernym} in {background}"));
            QVERIFY(editor.isOverrideScope());

            // The project template, edited from another synset, leaves the override alone.
            editor.setSynset("n03595614");
            QVERIFY(!editor.isOverrideScope());
            typeInto(editor, "{name}, {definition}");
            editor.commitPendingEdit();
            QCOMPARE(session.projectTemplate(), QString("{name}, {definition}"));
            QCOMPARE(editor.previewPrompts().first(),
                     QString("T-shirt/top, a close-fitting pullover shirt"));
        }
        // Everything above is in the project on disk.
        std::unique_ptr<Project> reopened = openProject(dir);
        QVERIFY(reopened);
        QCOMPARE(QString::fromStdString(reopened->effectiveTemplate(shirt.toStdString())),
                 QString("a photo of a {name}, {hypernym} in {background}"));
        QCOMPARE(QString::fromStdString(reopened->projectTemplate()),
                 QString("{name}, {definition}"));
        QVERIFY(reopened->promptHistory(shirt.toStdString()).size() >= 4);
    }

    // Ctrl+Z and Ctrl+Shift+Z typed in the text box go through the panel's undo stack: the text
    // typed so far is saved, then undone (the box's own undo is off).
    void undoKeysInTextBox()
    {
        QTemporaryDir tmp;
        ProjectSession session;
        session.setProject(openProject(tmp.path() + "/proj"));
        PromptEditor editor(&session);
        editor.resize(900, 600);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        editor.setSynset("n04197391");
        auto *edit = editor.findChild<QPlainTextEdit *>("templateText");
        QVERIFY(edit);
        edit->setFocus();
        const QString original = session.projectTemplate();

        typeInto(editor, "a photo of a {name}");
        QTest::keySequence(edit, QKeySequence::Undo); // before the typing pause has saved it
        QCOMPARE(editor.editorText(), original);
        QCOMPARE(session.projectTemplate(), original);

        QTest::keySequence(edit, QKeySequence::Redo);
        QCOMPARE(editor.editorText(), QString("a photo of a {name}"));
        QCOMPARE(session.projectTemplate(), QString("a photo of a {name}"));
    }

    void wordListsUndoable()
    {
        QTemporaryDir tmp;
        ProjectSession session;
        session.setProject(openProject(tmp.path() + "/proj"));
        PromptEditor editor(&session);
        editor.setSynset("n04133789");
        typeInto(editor, "{name} on {background}");
        editor.commitPendingEdit();
        QCOMPARE(editor.statusText(), QString("Distinct prompts: 42"));

        WordListDialog *dialog = editor.wordListDialog();
        dialog->selectList("backgrounds");
        dialog->setItemsText("a beach\n\n  a pebble beach \n");
        QVERIFY(dialog->save());
        QCOMPARE(editor.statusText(), QString("Distinct prompts: 2"));
        QStringList shown = editor.previewPrompts();
        shown.sort();
        QCOMPARE(shown, (QStringList{"Sandal on a beach", "Sandal on a pebble beach"}));
        QCOMPARE(*session.savedWordList("backgrounds"), (QStringList{"a beach", "a pebble beach"}));

        // Undo drops the project's copy again: the built-in list is back.
        editor.undoAction()->trigger();
        QVERIFY(!session.savedWordList("backgrounds"));
        QCOMPARE(editor.statusText(), QString("Distinct prompts: 42"));
        editor.redoAction()->trigger();
        QCOMPARE(editor.statusText(), QString("Distinct prompts: 2"));
    }

    void browserDetailsAndTable()
    {
        QTemporaryDir tmp;
        ProjectSession session;
        Result<std::unique_ptr<Project>> p =
            openOrCreateDefaultProject((tmp.path() + "/fm").toStdString());
        QVERIFY(p.ok());
        session.setProject(std::move(*p));

        SynsetBrowser browser(&session);
        SynsetDetails details(&session);
        ClassTable table(&session);
        QObject::connect(&browser, &SynsetBrowser::synsetActivated, &details,
                         &SynsetDetails::setSynset);
        QCOMPARE(browser.visibleClassCount(), 10);
        browser.setFilterText("boot");
        QCOMPARE(browser.visibleClassCount(), 1);
        browser.setFilterText("");

        QSignalSpy loaded(&details, &SynsetDetails::thumbnailsLoaded);
        browser.selectSynset("n02872752");
        QCOMPARE(details.synset(), QString("n02872752"));
        QVERIFY(loaded.count() > 0 || loaded.wait(600000));
        QCOMPARE(details.thumbnailCount(), 48);

        // All-WordNet search finds synsets outside the project.
        browser.setScope(SynsetBrowser::Scope::AllWordNet);
        browser.setFilterText("crane");
        QSignalSpy activated(&browser, &SynsetBrowser::synsetActivated);
        browser.selectSynset("n02012849");
        QCOMPARE(activated.count(), 1);
        QCOMPARE(activated.first().first().toString(), QString("n02012849"));

        // A synset that is not a class leaves no row current in the class table, so clicking
        // the row that was selected before selects its class again.
        table.resize(700, 400);
        table.show();
        QVERIFY(QTest::qWaitForWindowExposed(&table));
        auto *view = table.findChild<QTableView *>();
        QVERIFY(view);
        const QModelIndex row = view->model()->index(3, ClassTableModel::NameColumn);
        const QString wnid = row.data(ClassTableModel::WnidRole).toString();
        table.selectSynset(wnid);
        table.selectSynset("n02012849");
        QVERIFY(!view->currentIndex().isValid());
        QSignalSpy picked(&table, &ClassTable::synsetActivated);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(row).center());
        QCOMPARE(picked.count(), 1);
        QCOMPARE(picked.first().first().toString(), wnid);
    }
};

QTEST_MAIN(TestPromptEditor)
#include "tst_prompteditor.moc"
