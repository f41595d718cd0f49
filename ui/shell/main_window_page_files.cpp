// MainWindow, continued: what the File menu does with the page on screen (import CSV, export
// the figure, the data and the animation), apart from the window's own set-up.

#include "ui/shell/main_window.h"

#include "ui/base/file_writing.h"
#include "ui/charts/figure_menu.h"
#include "ui/lessons/lesson_page.h"
#include "ui/recording/animation_export.h"

#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>

namespace ui {

void MainWindow::importCsvDialog()
{
    LessonPage* page = currentPage();
    if (!page || !page->acceptsCsv())
        return;
    const QString path = QFileDialog::getOpenFileName(this, tr("Import CSV"), {}, tr("CSV files (*.csv);;All files (*)"));
    if (path.isEmpty())
        return;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        QMessageBox::warning(this, tr("Import CSV"), tr("Cannot open %1: %2").arg(path, file.errorString()));
        return;
    }
    const QString error = page->importCsv(QString::fromUtf8(file.readAll()), QFileInfo(path).fileName());
    if (!error.isEmpty())
        QMessageBox::warning(this, tr("Import CSV"), error);
    updatePageActions();
}

void MainWindow::exportFigureDialog()
{
    LessonPage* page = currentPage();
    if (!page)
        return;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export figure"), m_currentId + QStringLiteral(".png"),
                                                      tr("PNG image (*.png);;SVG drawing (*.svg)"));
    if (path.isEmpty())
        return;
    if (const QString error = exportFigure(page->figure(), path, windowTitle()); !error.isEmpty())
        QMessageBox::warning(this, tr("Export figure"), error);
    else
        showStatus(tr("Figure saved to %1").arg(QFileInfo(path).fileName()), 4000);
}

void MainWindow::exportDataDialog()
{
    LessonPage* page = currentPage();
    const QString csv = page ? page->dataCsv() : QString();
    if (csv.isNull())
        return;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export data"), m_currentId + QStringLiteral(".csv"),
                                                      tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    if (const QString error = writeWholeFile(path, csv.toUtf8()); !error.isEmpty())
        QMessageBox::warning(this, tr("Export data"), error);
    else
        showStatus(tr("Data saved to %1").arg(QFileInfo(path).fileName()), 4000);
}

void MainWindow::exportAnimationDialog()
{
    const QString message = runAnimationExport(this, currentPage(), m_currentId);
    if (!message.isEmpty())
        showStatus(message, 6000);
}

} // namespace ui
