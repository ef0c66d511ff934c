// en: messages of the work area, under the top-level key 'work'.
export default {};
