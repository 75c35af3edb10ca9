/* The per-glyph and per-text-object PDFium calls of readers/pdfium.py, made in one C loop per
 * page instead of one ctypes call per glyph (each ctypes call costs more than the PDFium
 * function it calls).
 *
 * An optional speed-up: the package builds it where a C compiler is found (pyproject.toml,
 * ext-modules, optional) and readers/pdfium.py makes the very same calls through ctypes where
 * it is missing; tests/test_pdfium.py requires both ways to give the same glyphs.
 *
 * Nothing here links against PDFium: the caller passes the addresses of the PDFium functions
 * pypdfium2 has loaded (ctypes.cast(fn, c_void_p).value), of the text page and of the ctypes
 * buffers the values go into. Each function makes, per glyph or per object, exactly the calls
 * readers/pdfium.py would make, with the same arguments, and stores what they give. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

typedef void *(*get_text_object_t)(void *, int);            /* FPDFText_GetTextObject */
typedef int (*get_loose_char_box_t)(void *, int, float *);   /* FPDFText_GetLooseCharBox (FS_RECTF) */
typedef int (*get_char_origin_t)(void *, int, double *, double *);  /* FPDFText_GetCharOrigin */
typedef int (*get_matrix_t)(void *, int, float *);           /* FPDFText_GetMatrix (FS_MATRIX) */
typedef double (*get_font_size_t)(void *, int);              /* FPDFText_GetFontSize */
typedef void *(*get_font_t)(void *);                         /* FPDFTextObj_GetFont */

static PyObject *handle_or_none(void *p)
{
    if (p == NULL)
        Py_RETURN_NONE;
    return PyLong_FromVoidPtr(p);
}

PyDoc_STRVAR(glyphs_doc,
"glyphs(get_text_object, get_loose_char_box, get_char_origin, textpage, n, boxes, origins)\n"
"-> list of text object handles (int, None for a glyph PDFium generated)\n\n"
"For glyph i in 0..n-1: its text object, its loose box into boxes[4i:4i+4] (float32: left,\n"
"top, right, bottom) and its origin into origins[2i:2i+2] (float64: x, y). Every argument\n"
"but n is an address.");

static PyObject *glyphs(PyObject *self, PyObject *args)
{
    unsigned long long f_object, f_box, f_origin, tp, a_boxes, a_origins;
    int n;
    if (!PyArg_ParseTuple(args, "KKKKiKK", &f_object, &f_box, &f_origin, &tp, &n, &a_boxes, &a_origins))
        return NULL;
    get_text_object_t get_object = (get_text_object_t)(uintptr_t)f_object;
    get_loose_char_box_t get_box = (get_loose_char_box_t)(uintptr_t)f_box;
    get_char_origin_t get_origin = (get_char_origin_t)(uintptr_t)f_origin;
    void *page = (void *)(uintptr_t)tp;
    float *boxes = (float *)(uintptr_t)a_boxes;
    double *origins = (double *)(uintptr_t)a_origins;
    PyObject *keys = PyList_New(n > 0 ? n : 0);
    if (keys == NULL)
        return NULL;
    for (int i = 0; i < n; i++) {
        PyObject *key = handle_or_none(get_object(page, i));
        if (key == NULL) {
            Py_DECREF(keys);
            return NULL;
        }
        PyList_SET_ITEM(keys, i, key);
        get_box(page, i, boxes + 4 * (Py_ssize_t)i);
        get_origin(page, i, origins + 2 * (Py_ssize_t)i, origins + 2 * (Py_ssize_t)i + 1);
    }
    return keys;
}

PyDoc_STRVAR(text_objects_doc,
"text_objects(get_matrix, get_font_size, get_font, textpage, objects, firsts, matrices, sizes)\n"
"-> list of font handles (int, None for no font)\n\n"
"For text object k (objects[k], a handle; firsts[k], the index of its first glyph): the\n"
"glyph's text matrix into matrices[6k:6k+6] (float32: a, b, c, d, e, f), its font size into\n"
"sizes[k] (float64) and the object's font. objects and firsts are lists of ints of one length;\n"
"the other arguments are addresses.");

static PyObject *text_objects(PyObject *self, PyObject *args)
{
    unsigned long long f_matrix, f_size, f_font, tp, a_matrices, a_sizes;
    PyObject *objects, *firsts;
    if (!PyArg_ParseTuple(args, "KKKKO!O!KK", &f_matrix, &f_size, &f_font, &tp, &PyList_Type, &objects,
                          &PyList_Type, &firsts, &a_matrices, &a_sizes))
        return NULL;
    Py_ssize_t m = PyList_GET_SIZE(objects);
    if (PyList_GET_SIZE(firsts) != m) {
        PyErr_SetString(PyExc_ValueError, "objects and firsts differ in length");
        return NULL;
    }
    get_matrix_t get_matrix = (get_matrix_t)(uintptr_t)f_matrix;
    get_font_size_t get_font_size = (get_font_size_t)(uintptr_t)f_size;
    get_font_t get_font = (get_font_t)(uintptr_t)f_font;
    void *page = (void *)(uintptr_t)tp;
    float *matrices = (float *)(uintptr_t)a_matrices;
    double *sizes = (double *)(uintptr_t)a_sizes;
    PyObject *fonts = PyList_New(m);
    if (fonts == NULL)
        return NULL;
    for (Py_ssize_t k = 0; k < m; k++) {
        int first = (int)PyLong_AsLong(PyList_GET_ITEM(firsts, k));
        void *obj = PyLong_AsVoidPtr(PyList_GET_ITEM(objects, k));
        if (PyErr_Occurred()) {
            Py_DECREF(fonts);
            return NULL;
        }
        get_matrix(page, first, matrices + 6 * k);
        sizes[k] = get_font_size(page, first);
        PyObject *font = handle_or_none(get_font(obj));
        if (font == NULL) {
            Py_DECREF(fonts);
            return NULL;
        }
        PyList_SET_ITEM(fonts, k, font);
    }
    return fonts;
}

static PyMethodDef methods[] = {
    {"glyphs", glyphs, METH_VARARGS, glyphs_doc},
    {"text_objects", text_objects, METH_VARARGS, text_objects_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_pdfium_loops",
    "PDFium's per-glyph and per-text-object calls in one C loop per page (readers/pdfium.py).",
    -1, methods,
};

PyMODINIT_FUNC PyInit__pdfium_loops(void)
{
    return PyModule_Create(&module);
}
