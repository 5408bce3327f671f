irdl.dialect @tsched {}
