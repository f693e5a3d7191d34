/**
 * The lab in Jupyter: {@link dev.hotscope.lab.jupyter.LabKernel}, a Jupyter kernel running the lab's
 * JShell (same vocabulary, same engine, results shown as HTML), and
 * {@link dev.hotscope.lab.jupyter.KernelInstall}, which writes its kernelspec ({@code hotscope}).
 */
package dev.hotscope.lab.jupyter;
