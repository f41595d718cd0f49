#include "ui/charts/figure_menu.h"

#include <QApplication>
#include <QClipboard>
#include <QFileDialog>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QSvgGenerator>
#include <QWidget>

namespace ui {

QString exportFigure(QWidget* figure, const QString& path, const QString& title)
{
    bool ok = false;
    if (path.endsWith(QStringLiteral(".svg"), Qt::CaseInsensitive)) {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(figure->size());
        svg.setViewBox(figure->rect());
        svg.setTitle(title);
        QPainter painter;
        ok = painter.begin(&svg);
        if (ok) {
            figure->render(&painter);
            ok = painter.end();
        }
    } else {
        ok = figure->grab().save(path);
    }
    return ok ? QString() : QApplication::translate("ui", "Could not write %1.").arg(path);
}

namespace {

void exportWithDialog(QWidget* figure, const QString& suffix)
{
    const QString filter = suffix == QStringLiteral("svg") ? QApplication::translate("ui", "SVG drawing (*.svg)")
                                                             : QApplication::translate("ui", "PNG image (*.png)");
    const QString path = QFileDialog::getSaveFileName(figure, QApplication::translate("ui", "Export figure"),
                                                      QStringLiteral("figure.") + suffix, filter);
    if (path.isEmpty())
        return;
    if (const QString error = exportFigure(figure, path, figure->window()->windowTitle()); !error.isEmpty())
        QMessageBox::warning(figure, QApplication::translate("ui", "Export figure"), error);
}

} // namespace

void addFigureMenu(QWidget* figure)
{
    figure->setContextMenuPolicy(Qt::CustomContextMenu);
    QObject::connect(figure, &QWidget::customContextMenuRequested, figure, [figure](const QPoint& pos) {
        auto* menu = new QMenu(figure);
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->addAction(QApplication::translate("ui", "Export as PNG..."), figure,
                        [figure] { exportWithDialog(figure, QStringLiteral("png")); });
        menu->addAction(QApplication::translate("ui", "Export as SVG..."), figure,
                        [figure] { exportWithDialog(figure, QStringLiteral("svg")); });
        menu->addAction(QApplication::translate("ui", "Copy"), figure,
                        [figure] { QApplication::clipboard()->setPixmap(figure->grab()); });
        menu->popup(figure->mapToGlobal(pos));
    });
}

} // namespace ui
